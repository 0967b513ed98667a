from bot.turn.replies import TEXT_LIMIT, paginate

HINT = "(more: reply 更多)"


def test_short_text_is_one_page():
    assert paginate("你好", HINT) == ["你好"]
    assert paginate("   ", HINT) == []


def test_long_text_splits_within_the_byte_limit_without_breaking_characters():
    text = "\n".join(f"{i}. 泉州丰泽区搬运装卸日结👷‍♀️" * 3 for i in range(200))
    pages = paginate(text, HINT)
    assert len(pages) > 1
    for p in pages:
        assert len(p.encode("utf-8")) <= TEXT_LIMIT
    assert all(p.endswith(HINT) for p in pages[:-1])
    assert not pages[-1].endswith(HINT)
    rebuilt = "\n".join(p.removesuffix("\n" + HINT) for p in pages)
    assert rebuilt == text


def test_one_huge_line_is_cut_at_character_boundaries():
    text = "工" * 5000  # 15000 bytes, no line break
    pages = paginate(text, HINT)
    assert all(len(p.encode("utf-8")) <= TEXT_LIMIT for p in pages)
    assert "".join(p.removesuffix("\n" + HINT) for p in pages) == text
