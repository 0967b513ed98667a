"""Thanks or a greeting said at a dialog's question. Found in ./dev chat:
"谢谢" at "想找什么活？" and at "你在哪个区、县？" (after a policy answer
given aside) was a miss, three of them and the dialog gave up; at
"怎么称呼你？" it was saved as the worker's name."""
from __future__ import annotations

import pytest

from tests.unit.test_conversation import User, conv  # noqa: F401  (the fixture)


def at_name_question(conv) -> User:
    u = User(conv)
    u.send("求职登记")
    u.send("1")
    assert u.state["dialog"]["state"] == "ask_name"
    return u


def test_thanks_at_a_question_is_welcomed_and_the_question_asked_again_without_a_miss(conv):
    u = at_name_question(conv)
    u.send("老王")
    asked = u.state["dialog"]["state"]
    for _ in range(4):   # a fourth miss would have ended the dialog
        ids, _ = u.send("谢谢")
        assert ids[0] == "thanks-in-dialog" and "dialog-gave-up" not in ids, ids
        assert u.state["dialog"]["state"] == asked and not u.state["dialog"].get("tries")
    u.send("13905951234")
    assert u.state["dialog"]["state"] != asked, "the answer is then taken"


def test_thanks_at_a_question_nothing_was_typed_for_yet_ends_it(conv):
    """"想找什么活？" then "谢谢": they are done, not asked again."""
    u = User(conv)
    u.send("找工作")
    ids, _ = u.send("谢谢")
    assert ids == ["thanks-reply"] and not u.state.get("dialog"), ids


@pytest.mark.parametrize("text", ["谢谢", "谢谢你", "好的谢谢"])
def test_thanks_at_the_name_question_is_no_name(conv, text):
    u = at_name_question(conv)
    ids, _ = u.send(text)
    assert ids[0] == "thanks-in-dialog" and u.state["dialog"]["state"] == "ask_name", ids
    u.send("老王")
    assert u.state["dialog"]["state"] == "ask_phone" and u.state["dialog"]["slots"]["name"] == "老王"


@pytest.mark.parametrize("text", ["你好", "您好"])
def test_a_greeting_at_the_name_question_is_no_name(conv, text):
    u = at_name_question(conv)
    ids, out = u.send(text)
    assert ids[0] == "name-not-a-word" and u.state["dialog"]["state"] == "ask_name", ids


@pytest.mark.parametrize("text, courtesy", [
    ("谢谢", True), ("谢谢您", True), ("你好", True), ("好的谢谢", True), ("好", True),
    ("你好我叫老王", False), ("谢师傅", False), ("老王", False), ("王谢", False)])
def test_only_courtesy_is_thanks_an_okay_or_a_greeting_and_nothing_else(conv, text, courtesy):
    assert conv.nlu.only_courtesy(text) is courtesy


def test_thanks_at_search_results_ends_the_search(conv):
    u = User(conv)
    u.send("丰泽的搬运")
    assert u.state["dialog"]["state"] == "results"
    ids, _ = u.send("谢谢")
    assert ids == ["thanks-reply"] and not u.state.get("dialog") and not u.state.get("paused"), ids


def test_english_asked_for_in_english_is_said_switched_once(conv):
    """Found in ./dev chat: "English" got "OK, I will speak English" twice."""
    u = User(conv)
    ids, _ = u.send("English")
    assert ids.count("language-switched") == 1, ids
    assert u.state["locale"] == "en"


@pytest.mark.parametrize("text", ["对", "对的", "是的", "可以", "没问题"])
def test_an_okay_after_a_finished_service_is_acknowledged_not_misunderstood(conv, text):
    """Found in ./dev chat: "对" after "这条招工已经关闭" got "对不起，我没听懂" and the menu."""
    u = User(conv)
    u.send("谢谢")   # any finished exchange: no dialog open
    ids, _ = u.send(text)
    assert ids == ["thanks-reply"], ids


def test_giving_up_a_post_in_words_cancels_it(conv):
    """Found in ./dev chat: "算了不招了" at "要招什么工？" was "没找到这种活"."""
    u = User(conv)
    u.send("我想招人")
    ids, _ = u.send("算了不招了")
    assert ids[0] == "cancelled" and not u.state.get("dialog"), ids


def test_a_menu_number_starts_the_service_without_reading_the_number_as_what_is_wanted(conv):
    """Found in ./dev chat: "你好" then "1" searched "各种活，1元/小时以上"."""
    u = User(conv)
    u.send("你好")
    ids, _ = u.send("1")
    assert ids[0] == "find-ask-what", ids
