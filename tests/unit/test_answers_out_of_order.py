"""People tell things in their own order: an answer that does not fit the
question asked but answers another question of the dialog is kept (and
said back), the question is asked again, and it does not count as a miss."""
from bot.features.post_job.messages import PublishJob
from bot.features.register.messages import SaveWorker
from tests.unit.test_post_job import User, conv  # noqa: F401  (the fixture: with the content rules)


def _state(u):
    return u.state["dialog"]["state"] if u.state.get("dialog") else None


def test_a_post_told_in_its_own_order_is_all_kept_and_published(conv):
    u = User(conv)
    for said in ("我要招人", "搬砖的", "丰泽"):
        u.send(said)
    assert _state(u) == "ask_address"
    # the day, the hours, the pay, the head count and a phone, at the address question
    for said in ("明天", "八点到五点", "一天两百", "三个", "张老板 13905951111"):
        ids, out = u.send(said)
        assert "post-understood" in ids and _state(u) == "ask_address", (said, ids)
        assert "dialog-gave-up" not in ids
    ids, _ = u.send("东湖街道")
    assert "post-summary" in ids
    u.send("发布")
    [job] = [c.job for c in u.commands if isinstance(c, PublishJob)]
    assert (job.start_time, job.end_time, job.pay_min, job.headcount, job.contact_phone, job.address) == \
        ("08:00", "17:00", 200, 3, "13905951111", "东湖街道")


def test_a_day_is_not_an_address(conv):
    u = User(conv)
    for said in ("我要招人", "搬砖的", "丰泽", "东湖街道", "明天"):
        u.send(said)
    ids, _ = u.send("明天")   # the day was given: at the hours question now
    assert _state(u) != "ask_address"
    u2 = User(conv, openid="o_other")
    for said in ("我要招人", "搬砖的", "丰泽"):
        u2.send(said)
    ids, out = u2.send("明天")
    assert u2.state["dialog"]["slots"].get("address") in (None, ""), "a day is not kept as the address"
    assert u2.state["dialog"]["slots"].get("date")


def test_an_answer_that_fits_nothing_is_still_a_miss(conv):
    u = User(conv)
    for said in ("我要招人", "搬砖的", "丰泽", "东湖街道"):
        u.send(said)
    ids, _ = u.send("嗯嗯啊")
    assert "post-understood" not in ids and u.state["dialog"]["tries"] == 1


def test_registration_takes_a_phone_at_the_name_question_and_places_with_the_work(conv):
    u = User(conv)
    u.send("我要登记")
    u.send("同意")
    ids, out = u.send("13905951234")
    assert ids[0] == "answer-kept" and "reg-ask-name" in ids
    u.send("老王")
    ids, _ = u.send("丰泽 搬砖")
    assert "reg-summary" in ids, ids
    ids, _ = u.send("对")
    [saved] = [c for c in u.commands if isinstance(c, SaveWorker)]
    assert (saved.name, saved.phone, saved.areas) == ("老王", "13905951234", ("fengze",))


def test_a_phone_said_with_the_name_is_kept_and_not_asked_again(conv):
    u = User(conv)
    u.send("我要登记")
    u.send("同意")
    ids, out = u.send("我叫老王 电话13812345678")
    assert "reg-ask-phone" not in ids, "the phone was said with the name: not asked again"
    assert ids[0] == "answer-kept" and out.out[0].vars["what"] == "13812345678" and "reg-ask-trades" in ids, ids
    ids, _ = u.send("搬运 丰泽区")
    assert "reg-summary" in ids, ids
    # Going back from the work's question takes back the whole answer: the name and the phone with it.
    u2 = User(conv, openid="o_back")
    u2.send("我要登记")
    u2.send("同意")
    u2.send("老王 13812345678")
    ids, _ = u2.send("返回")
    assert "reg-ask-name" in ids and not u2.state["dialog"]["slots"].get("phone"), ids
    ids, _ = u.send("对")
    [saved] = [c for c in u.commands if isinstance(c, SaveWorker)]
    assert (saved.name, saved.phone, saved.trades, saved.areas) == ("老王", "13812345678", ("porter",), ("fengze",))


def test_a_post_answer_that_says_more_fills_the_questions_ahead(conv):
    u = User(conv)
    for said in ("我要招人", "搬家的 要三个人 日结两百"):
        u.send(said)
    ids, out = u.send("丰泽区东湖街道")
    assert _state(u) == "ask_date", ids
    ids, out = u.send("明天早上八点到下午五点")
    assert "post-understood" in ids and "post-ask-time" not in ids, "the hours were said with the day"
    understood = next(s for s in out.out if s.id == "post-understood")
    assert understood.vars["time"] == "08:00-17:00" and understood.vars["address"] == "东湖街道", understood.vars
    ids, _ = u.send("陈师傅 13812345678")
    assert "post-ask-phone" not in ids, "the phone was said with the name"
    slots = u.state["dialog"]["slots"]
    assert (slots["contact_name"], slots["phone"], slots["time"]) == \
        ("陈师傅", "13812345678", {"start": "08:00", "end": "17:00"})


def test_more_said_with_an_answer_is_not_taken_past_the_content_rules(conv):
    u = User(conv)
    for said in ("我要招人", "搬家的", "丰泽区东湖街道"):
        u.send(said)
    ids, _ = u.send("明天 日结200 先交押金")
    assert not (u.state["dialog"]["slots"].get("pay") or {}).get("min"), "a pay said with a deposit is not taken"


POST = "明天丰泽区搬家要3个小工 日结200 早上8点到下午5点 电话13812345678 陈师傅"


def _given_up_at_the_kind(conv):
    u = User(conv)
    for said in (POST, "东海街道滨海小区", "12"):
        u.send(said)
    for _ in range(3):
        ids, _ = u.send("招工")
    assert "dialog-gave-up" in ids and u.state.get("paused")
    return u


def test_the_right_answer_just_after_giving_up_goes_on_with_the_draft(conv):
    u = _given_up_at_the_kind(conv)
    ids, _ = u.send("个人")
    assert "not-understood" not in ids and u.state["dialog"]["state"] == "ask_employer_name", ids
    assert not u.state.get("paused")


def test_a_wrong_answer_after_giving_up_keeps_the_draft_for_go_on(conv):
    u = _given_up_at_the_kind(conv)
    ids, _ = u.send("嗯嗯")
    assert "not-understood" in ids and u.state.get("paused")
    ids, _ = u.send("接着填")
    assert u.state["dialog"]["state"] == "ask_employer_kind"


def test_only_the_very_next_message_is_tried_as_the_answer(conv):
    u = _given_up_at_the_kind(conv)
    u.send("帮助")
    ids, _ = u.send("个人")
    assert not u.state.get("dialog") and u.state.get("paused"), ids
