"""Readings kept per message text (bot/language/words.py KeptReadings):
the same text read again gives the same answer, and a table swapped
(the typo list, the grammar, the reference data) is never answered from
readings made with the old one."""
from __future__ import annotations

from datetime import date

from bot.app import language_resources
from bot.language import nlu as nlu_module
from bot.language.parsing import parse_post
from bot.language.query import parse_query
from bot.language.words import KeptReadings

TODAY = date(2026, 12, 7)


def test_a_reading_is_made_once_per_key_and_again_for_other_tables():
    kept, calls = KeptReadings(size=3), []

    def read(value):
        calls.append(value)
        return value

    tables = (object(),)
    assert kept.get("a", tables, lambda: read(1)) == 1
    assert kept.get("a", tables, lambda: read(2)) == 1, "kept"
    assert kept.get("a", (object(),), lambda: read(3)) == 3, "other tables: read again"
    for key in "bcd":
        kept.get(key, tables, lambda: read(key))
    assert len(kept._found) <= 3, "bounded"
    assert calls[:3] == [1, 3, "b"]


def test_a_new_typo_table_is_read_with_not_the_kept_reading():
    _, nlu = language_resources()
    before = nlu_module.current_typos()
    odd = "\u6293\u516c\u4f5c"   # a slip nobody has listed yet
    assert not nlu.intent_scores(odd).get("find_work")
    try:
        nlu_module.use_typos([*before.fixes, (odd, "\u627e\u5de5\u4f5c")])
        assert nlu.intent_scores(odd).get("find_work"), "read again with the new typo table"
    finally:
        nlu_module.use_typos(before.fixes)
    assert not nlu.intent_scores(odd).get("find_work")


def test_the_same_post_and_query_read_again_are_the_same_and_change_with_the_day():
    refdata, _ = language_resources()
    post = "\u660e\u5929\u4e30\u6cfd\u642c\u5bb6\u89813\u4e2a\u5c0f\u5de5\uff0c\u65e5\u7ed3200"
    first = parse_post(post, refdata, TODAY)
    assert parse_post(post, refdata, TODAY) is first
    assert first.start_date == date(2026, 12, 8) and first.headcount == 3
    assert parse_post(post, refdata, date(2026, 12, 8)).start_date == date(2026, 12, 9), "tomorrow moves with the day"
    query = "\u660e\u5929\u4e30\u6cfd\u6709\u6ca1\u6709\u642c\u8fd0\u7684\u6d3b"
    assert parse_query(query, refdata, TODAY).date_from == date(2026, 12, 8)
    assert parse_query(query, refdata, date(2026, 12, 9)).date_from == date(2026, 12, 10)

