"""Policy answers and training sign-up, over the webhook."""
import asyncio

from bot.i18n import Catalog
from tests.e2e.test_find_and_apply import register
from tests.e2e.test_register_and_post import rows
from bot.store.tables import enrollments
from tests.wx import new_openid

CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


QUESTIONS = [
    ("零工市场找活要收钱吗", "免费"),
    ("打零工的能交养老保险吗", "养老"),
    ("干活的时候摔伤了谁负责", "伤"),
    ("老板拖欠工资不给怎么办", "欠薪"),
    ("想开个小店能贷款吗", "贷款"),
    ("请不起律师怎么办", "法律援助"),
    ("招工要先交押金正常吗", "押金"),
    ("什么是就业困难人员", "就业困难"),
    ("参加技能培训有补贴吗", "补贴"),
    ("怎么办就业登记", "就业登记"),
]


async def test_ten_everyday_policy_questions_get_the_right_topic(bot):
    for question, expected in QUESTIONS:
        said = await bot.say(new_openid("p"), question)
        assert said.startswith("【") and expected in said.split("\n")[0] + said, (question, said[:200])
        assert zh("policy-details-hint") in said


async def test_details_and_related_questions(bot):
    user = new_openid("p")
    said = await bot.say(user, "老板拖欠工资不给怎么办")
    assert zh("policy-related") in said
    said = await bot.say(user, "详细")
    assert "12333" in said or "劳动" in said
    said = await bot.say(user, "1")
    assert said.startswith("【")


async def test_an_off_topic_question_gets_an_honest_not_sure_with_a_person(bot):
    said = await bot.say(new_openid("p"), "社保卡丢了能不能用医保报销外国的医院费用")
    if said.startswith("【"):
        return  # confidently on a topic: fine, as long as it is one
    said = await bot.say(new_openid("p"), "政策上说火星移民要交什么税")
    assert zh("policy-not-sure") in said and "人工" in said


async def test_a_policy_question_mid_registration_is_answered_and_registration_goes_on(bot):
    user = new_openid("w")
    await bot.say(user, "求职登记")
    await bot.say(user, "1")
    said = await bot.say(user, "日结的要交社保吗")
    assert said.startswith("【") and zh("reg-ask-name") in said
    said = await bot.say(user, "老张")
    assert zh("reg-ask-phone") in said


async def test_sign_up_full_course_waiting_list_and_promotion(bot, fake_wechat):
    # The forklift course in bot/data/courses.json has two places.
    first, second, third = new_openid("t"), new_openid("t"), new_openid("t")
    for user in (first, second, third):
        await register(bot, user, trades="叉车", area="晋江", push="2")
    for user in (first, second):
        said = await bot.say(user, "哪里可以考叉车证")
        assert "叉车" in said
        said = await bot.say(user, "1")
        assert "名额" in said
        said = await bot.say(user, "1")
        assert zh("training-signed-up", name="x", start="x", schedule="x", place="x").split("：")[0] in said
    await bot.say(third, "我想学开叉车")
    await bot.say(third, "1")
    said = await bot.say(third, "1")
    assert zh("training-full") in said
    said = await bot.say(third, "1")
    assert zh("training-waiting") in said
    got = {r["openid"]: r["status"] for r in await rows(bot, enrollments)}
    assert got == {first: "enrolled", second: "enrolled", third: "waiting"}
    # the first cancels: the third moves up and is told
    await bot.say(first, "我的培训")
    await bot.say(first, "1")
    said = await bot.say(first, "1")
    assert zh("mytraining-cancelled") in said
    got = {r["openid"]: r["status"] for r in await rows(bot, enrollments)}
    assert got[third] == "enrolled" and got[first] == "cancelled"
    await fake_wechat.wait_messages(1)
    await asyncio.sleep(0.3)
    assert any("有名额" in t for t in fake_wechat.texts_to(third))


async def test_training_needs_survey(bot):
    from bot.store.tables import training_needs

    user = new_openid("t")
    await bot.say(user, "培训需求")
    await bot.say(user, "想学电工")
    await bot.say(user, "2")
    said = await bot.say(user, "1")
    assert zh("needs-thanks") in said
    [need] = await rows(bot, training_needs)
    assert need["when"] == "weekends" and need["mode"] == "offline" and "electrician" in need["trades"]


async def test_career_guidance_booking_move_cancel_and_staff_sees_the_day(settings):
    from dataclasses import replace
    from datetime import date

    from bot.store.tables import appointments
    from tests.conftest import Bot

    staff = new_openid("s")
    b = await Bot(replace(settings, staff_openids=frozenset({staff}))).start()
    try:
        user = new_openid("g")
        await register(b, user, push="2")
        said = await b.say(user, "我想预约职业指导")
        assert zh("guidance-pick-market") in said
        said = await b.say(user, "东海零工驿站")       # open mornings and afternoons
        assert "还能约 4 人" in said
        said = await b.say(user, "1")
        assert zh("guidance-ask-topic").splitlines()[0] in said
        said = await b.say(user, "找活")
        assert "预约好了" in said and "想谈：找活" in said
        [a] = await rows(b, appointments)
        assert a["status"] == "booked" and a["half"] == "morning" and a["topic"] == "work"
        # move it to the afternoon
        await b.say(user, "我的预约")
        await b.say(user, "1")
        said = await b.say(user, "1")
        said = await b.say(user, "2")
        assert "预约好了" in said and "下午" in said
        got = sorted((r["half"], r["status"]) for r in await rows(b, appointments))
        assert got == [("afternoon", "booked"), ("morning", "cancelled")]
        # staff see that day's bookings
        day = date.fromisoformat([r for r in await rows(b, appointments) if r["status"] == "booked"][0]["day"])
        from bot.turn.conversation import QUANZHOU
        from datetime import datetime

        ahead = (day - datetime.now(QUANZHOU).date()).days
        said = await b.say(staff, f"预约 {ahead}")
        assert "小李" in said and "下午" in said and "想谈：找活" in said, "the moved booking keeps its topic"
        # cancel
        await b.say(user, "我的预约")
        await b.say(user, "1")
        said = await b.say(user, "2")
        assert zh("myguidance-cancelled") in said
        assert all(r["status"] == "cancelled" for r in await rows(b, appointments))
    finally:
        await b.stop()


async def test_reminders_go_out_the_day_before_once(bot, fake_wechat):
    from datetime import datetime

    from bot.turn.conversation import QUANZHOU
    from bot.handlers.keys import DB, TURNS

    user = new_openid("t")
    await register(bot, user, trades="叉车", area="晋江", push="2")
    await bot.say(user, "我想学开叉车")
    await bot.say(user, "1")
    await bot.say(user, "1")
    [e] = await rows(bot, enrollments)
    from bot.store.tables import courses

    [course] = [c for c in await rows(bot, courses) if c["code"] == e["course_code"]]
    start = datetime.fromisoformat(course["start_date"]).replace(tzinfo=QUANZHOU)
    eve = start.timestamp() - 12 * 3600  # noon the day before
    turns = bot.app[TURNS]
    async with bot.app[DB].transaction() as conn:
        assert await turns.periodic(conn, eve - 86400) == 0, "two days before: not yet"
        assert await turns.periodic(conn, eve) == 1
        assert await turns.periodic(conn, eve + 600) == 0, "once"
    from bot.handlers.keys import SENDER

    bot.app[SENDER].wake()
    await fake_wechat.wait_messages(1)
    await asyncio.sleep(0.3)
    assert any("明天" in t and course["name"] in t for t in fake_wechat.texts_to(user))


async def test_the_minimum_wage_of_a_registered_workers_area_with_its_source(bot):
    # Issue 14: "泉州最低工资多少" was "not understood"; a worker registered in
    # Anxi gets Anxi's figure, with its document, date and the verified note.
    user = new_openid("w")
    await register(bot, user, area="安溪")
    said = await bot.say(user, "最低工资是多少？")
    assert said.startswith("【") and "安溪县：2015 年定的是每月 1230 元" in said
    assert "2015-07-01 起执行" in said and "12333" in said
    said = await bot.say(new_openid("p"), "泉州最低工资多少")
    assert "泉州各地 2015 年定的最低工资" in said and zh("not-understood") not in said

