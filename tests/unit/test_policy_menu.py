"""The policy menu: the menu's "政策咨询" button and "政策" alone name no
question. Found in ./dev chat: both got "这个问题我不太确定，怕说错。你问的是
不是：" with nothing after it."""
from __future__ import annotations

from bot.features.policy.desk import MENU_MAX, menu_topics
from bot.language.policy_kb import load_entries
from tests.unit.test_issue14_wage import conv, person  # noqa: F401  (the fixture)


def test_the_menu_button_and_policy_alone_offer_the_common_topics_to_pick_by_number(conv):
    p = person(conv)
    p.send("政策")
    assert p.ids[0] == "policy-menu" and p.ids.count("numbered") == len(menu_topics()), p.ids
    assert "打零工怎么交社保" in p.text and "policy-not-sure" not in p.ids
    p.send("3")
    assert p.ids[0] == "policy-answer" and "工伤" in p.text, p.ids


def test_a_menu_number_for_policies_is_the_menu_too(conv):
    p = person(conv)
    p.send("你好")
    p.send("3")
    assert p.ids[0] == "policy-menu", p.ids


def test_a_question_that_names_a_topic_is_still_answered(conv):
    p = person(conv)
    p.send("社保政策")
    assert p.ids[0] == "policy-answer", p.ids


def test_every_menu_topic_is_an_entry_of_the_knowledge_base():
    ids = {e.id for e in load_entries()}
    assert menu_topics() and len(menu_topics()) <= MENU_MAX
    assert [t for t in menu_topics() if t not in ids] == [], "bot/data/policy_menu.json names a missing entry"


def test_a_question_just_after_not_sure_that_is_about_a_topic_offered_gets_it(conv):
    """Found in ./dev chat: "我是残疾人 有什么补贴吗" got "not sure, did you mean
    1 谁算就业困难人员 2 …", and "怎么认定" then was "没听懂"."""
    p = person(conv)
    p.send("我是残疾人 有什么补贴吗")
    assert p.ids[0] == "policy-not-sure", p.ids
    p.send("怎么认定")
    assert p.ids[0] == "policy-answer" and "谁算就业困难人员" in p.text, p.ids

