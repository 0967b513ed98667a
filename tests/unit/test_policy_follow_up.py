"""A question just after a policy answer that the knowledge base cannot
place on its own ("how much a month?") is about that answer's topic: its
details, then where to ask; never "not understood", and never taken for
a follow-up when it is about something else or comes later."""
from __future__ import annotations

from tests.unit.test_issue14_wage import conv, person  # noqa: F401  (the fixture)

PENSION = "我是打零工的 养老保险怎么交"


def test_a_question_after_the_answer_gets_the_details_then_where_to_ask(conv):
    p = person(conv)
    p.send(PENSION)
    assert p.ids[0] == "policy-answer" and "灵活就业人员交养老保险" in p.text
    p.send("一个月要交多少钱")
    assert "not-understood" not in p.ids
    assert p.ids[:2] == ["policy-follow-up", "policy-details"], p.ids
    assert "缴费基数" in p.text and "社保经办窗口" in p.text and "人工" in p.text
    p.send("我六十了还能交吗")
    assert p.ids == ["policy-follow-up-unsure"], "the details are not sent a second time"
    assert "说不准" in p.text and "社保经办窗口" in p.text and "人工" in p.text


def test_details_asked_for_are_not_sent_again_for_a_question(conv):
    p = person(conv)
    p.send(PENSION)
    p.send("详细")
    assert p.ids == ["policy-details"]
    p.send("一个月要交多少钱")
    assert p.ids == ["policy-follow-up-unsure"]


def test_a_question_about_something_else_is_no_follow_up(conv):
    p = person(conv)
    p.send(PENSION)
    p.send("你们几点下班")
    assert "policy-follow-up" not in p.ids and "policy-follow-up-unsure" not in p.ids


def test_a_question_after_something_else_or_much_later_is_no_follow_up(conv):
    p = person(conv)
    p.send(PENSION)
    p.send("帮助")
    p.send("一个月要交多少钱")
    assert not {"policy-follow-up", "policy-follow-up-unsure"} & set(p.ids), p.ids
    later = person(conv)
    later.send(PENSION)
    later.now += 11 * 60
    later.send("一个月要交多少钱")
    assert not {"policy-follow-up", "policy-follow-up-unsure"} & set(later.ids), later.ids


def test_where_to_do_it_just_after_the_answer_is_that_topics_office(conv):
    for asked in ("在哪里办", "那我去哪交钱呢", "去哪里办理啊", "找谁办"):
        p = person(conv)
        p.send(PENSION)
        p.send(asked)
        assert p.ids == ["policy-where", "policy-details-hint"], (asked, p.ids)
        assert "社保经办窗口" in p.text and "12333" in p.text and "人工" in p.text
        assert "鲤城区" not in p.text, "not the markets' district question"


def test_where_a_market_is_or_where_much_later_is_not_the_topics_office(conv):
    p = person(conv)
    p.send(PENSION)
    p.send("零工市场在哪里")
    assert "policy-where" not in p.ids and "鲤城区" in p.text, p.ids
    later = person(conv)
    later.send(PENSION)
    later.now += 11 * 60
    later.send("在哪里办")
    assert "policy-where" not in later.ids, later.ids


def test_where_to_do_it_after_an_answer_given_in_the_middle_of_a_search_is_that_topics_office(conv):
    """Asked aside while the search asks what work: "where do I pay, then?"
    is about the answer just given (its office), not a try at the search,
    and the search goes on."""
    p = person(conv)
    p.send("找活")
    p.send("打零工怎么交社保")
    assert p.ids[0] == "policy-answer" and "policy-aside-back" in p.ids
    p.send("那我去哪里交钱呢")
    assert p.ids[:2] == ["policy-where", "policy-aside-back"], p.ids
    assert "社保经办窗口" in p.text and "12333" in p.text
    assert "policy-details-hint" not in p.ids, "'details' would answer the search's question"
    assert p.state["dialog"]["name"] == "find_work" and p.state["dialog"]["state"] == "ask_what"
    p.send("丰泽搬运")
    assert p.state["dialog"]["state"] != "ask_what", p.ids


def test_a_request_to_ask_at_the_name_question_is_not_the_name(conv):
    """"Never mind, I'd like to ask about social insurance" at the
    registration's name question: the registration is kept for "go on",
    the question answered, and no name was saved."""
    p = person(conv)
    p.send("求职登记")
    p.send("同意")
    p.send("算了 我想问问社保")
    assert p.ids[0] == "dialog-paused" and "policy-answer" in p.ids, p.ids
    kept = p.state["paused"]
    assert kept["name"] == "register" and kept["state"] == "ask_name" and "name" not in kept["slots"]
