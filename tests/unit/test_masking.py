"""Identifiers masked where they are not needed whole."""
from bot.masking import mask_openid, mask_phone, mask_text, scrub_url_secrets


def test_phones_and_card_numbers_in_free_text_are_masked():
    story = "我叫张三，身份证350503198001011234，电话13655556666，卡号6222021234567890123，欠我300元"
    masked = mask_text(story)
    assert "350503198001011234" not in masked and "3505**********1234" in masked
    assert "13655556666" not in masked and "136****6666" in masked
    assert "6222021234567890123" not in masked
    assert "欠我300元" in masked and "张三" in masked
    assert mask_text("身份证号35050319800101123X。") == "身份证号3505**********123X。"


def test_short_numbers_and_ordinary_text_are_left_alone():
    for text in ("日结200元", "3个小工", "2026-12-04 09:30", "编号 #12", "工号12345678"):
        assert mask_text(text) == text


def test_masked_phone_and_openid():
    assert mask_phone("13655556666") == "136****6666"
    assert mask_phone(None) == "-"
    assert mask_phone("0595-22221234") == "****1234"
    assert mask_openid("o6_bmjrPTlm6_2sgVt7hMZOPfL2M") == "…MZOPfL2M"


def test_secrets_in_urls_are_scrubbed():
    err = "302 to https://qyapi.weixin.qq.com/cgi-bin/webhook/send?key=693a91f6-7xxx&debug=1 failed"
    assert "693a91f6" not in scrub_url_secrets(err)
    assert "key=***&debug=1" in scrub_url_secrets(err)
    assert "abc" not in scrub_url_secrets("/cgi-bin/message/custom/send?access_token=abc")


def test_a_number_said_aloud_digit_by_digit_is_masked_as_a_typed_one():
    """Voice input writes a phone as "一三九零五九五一二三四": it reached the
    staff group and the logs whole."""
    assert mask_text("我电话一三九零五九五一二三四，老板欠我钱") == "我电话一三九****一二三四，老板欠我钱"
    assert mask_text("幺三九 零五九五 一二三四") == "幺三九******一二三四"
    # Amounts, counts and short runs are words, not numbers to hide.
    for words in ("欠了三千块干了一个月", "一二三四五六", "三三两两来了七八个人"):
        assert mask_text(words) == words
