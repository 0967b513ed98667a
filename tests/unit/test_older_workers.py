"""Older workers asking whether they may still work. Found in ./dev chat:
"我六十岁了还能干吗" was "not understood", at the menu and at search
results; the knowledge base had nothing on working past retirement age."""
from __future__ import annotations

import json
import pathlib

from tests.unit.test_issue14_wage import conv, person  # noqa: F401  (the fixture)

ENTRY = pathlib.Path(__file__).parents[2] / "bot" / "data" / "policies" / "older-workers.json"


def test_an_older_worker_asking_whether_they_may_still_work_gets_the_answer_with_its_sources(conv):
    p = person(conv)
    p.send("我六十岁了还能干吗")
    assert p.ids[0] == "policy-answer", p.ids
    assert "劳务关系" in p.text and "12333" in p.text
    p.send("详细")
    assert "法释〔2020〕26号" in p.text and "2025年1月1日起施行" in p.text


def test_asked_at_search_results_it_is_answered_and_the_search_goes_on(conv):
    p = person(conv)
    p.send("晋江的活")
    p.send("我六十岁了还能干吗")
    assert "policy-answer" in p.ids and "find-say-what" not in p.ids, p.ids


def test_what_is_not_verified_is_said_so_for_staff_and_not_told_to_users():
    entry = json.loads(ENTRY.read_text("utf-8"))
    assert "verified: false" in entry["note"]
    told = entry["short"] + entry["details"]
    assert "超龄劳动者基本权益" not in told, "an unverified regulation is not told as fact"


def test_an_age_said_as_a_number_or_a_pension_drawn_is_asking_the_same(conv):
    # Found in ./dev chat: "我都62了" got the free services leaflet's "not sure",
    # and "drawing my pension, may I still work?" the flexible workers' pension.
    for question in ("我都62了 工地还收不收", "我今年65岁了还能去工地吗", "领了退休金还能上班吗"):
        p = person(conv)
        p.send(question)
        assert p.ids[0] == "policy-answer" and "劳务关系" in p.text, (question, p.ids)
