"""Find work and apply, end to end over the webhook with the real
database: the employer posts, the worker finds, opens and applies, the
employer accepts, the worker is told, and the full job leaves search."""
import asyncio
import json
import time
from datetime import datetime

from sqlalchemy import select

from bot.handlers.keys import DB, PUSHES
from bot.i18n import Catalog
from bot.services.pushes import QUANZHOU
from bot.store.tables import applications, jobs, outbox
from tests.e2e.test_register_and_post import add_more, post_and_confirm, rows
from tests.wx import new_openid, xml_message

CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


async def post(bot, text, headcount_hint=None):
    employer = new_openid("e")
    said = await post_and_confirm(bot, employer, text)
    assert zh("post-published") in said, said
    return employer


async def register(bot, user, trades="搬运", area="丰泽", push="1"):
    """Registered in the short way (name, phone, trades, areas); new jobs
    pushed (`push` "1") is asked for after it, with "补充"."""
    await bot.say(user, "求职登记")
    for answer in ("同意", "小李", "13811112222", trades, area, "对的"):
        said = await bot.say(user, answer)
    assert zh("reg-saved", push="no") in said
    if push == "1":
        said = await add_more(bot, user, push="要")
        assert zh("reg-saved", push="yes") in said



async def test_worker_finds_by_words_and_location_applies_and_is_accepted(bot, fake_wechat):
    employer = await post(bot, "明天丰泽区搬家需要1个搬运工，日结200元，早上8点到下午5点，联系电话13905951234")
    await post(bot, "后天晋江鞋厂招普工2名，日结180，早上8点到下午6点，电话13905950000")
    worker = new_openid("w")
    said = await bot.say(worker, "丰泽有没有搬运的活")
    assert zh("find-found", count=1) in said and "丰泽区" in said and "200元/天" in said
    assert "晋江" not in said
    # by location: the nearest job comes first, with its distance
    other = new_openid("w")
    r = await bot.wechat.post(xml_message(other, "location", Location_X="24.8741", Location_Y="118.6757",
                                          Scale="15", Label="丰泽"))
    assert "公里" in r.text and r.text.index("丰泽区") < r.text.index("晋江市")
    # open it: every clause-9 field, no phone before applying
    said = await bot.say(worker, "1")
    assert "08:00-17:00" in said and "日结" in said and "还差 1 人" in said
    assert "13905951234" not in said
    # apply: not registered yet, so briefly
    said = await bot.say(worker, "报名")
    assert zh("apply-consent").splitlines()[0] in said
    await bot.say(worker, "1")
    await bot.say(worker, "小李")
    said = await bot.say(worker, "13811112222")
    assert "13905951234" in said, "the worker gets the employer's contact"
    await fake_wechat.wait_messages(1)
    await asyncio.sleep(0.3)
    to_employer = fake_wechat.texts_to(employer)
    assert to_employer and "小李" in to_employer[-1]
    assert "13811112222" not in to_employer[-1], "the worker's phone reaches the employer only once accepted"
    # applying twice does nothing new
    await bot.say(worker, "丰泽有没有搬运的活")
    await bot.say(worker, "1")
    said = await bot.say(worker, "1")
    assert "你已经报过名了" in said
    [app] = await rows(bot, applications)
    assert app["status"] == "applied"
    # the employer accepts; the worker is told; the job fills and leaves search
    await bot.say(employer, "我的招工")
    await bot.say(employer, "1")
    said = await bot.say(employer, "4")
    assert "小李" in said and "13811112222" not in said
    said = await bot.say(employer, "1")
    assert zh("applicant-decide", name="小李") in said, "the worker decided on, by name"
    said = await bot.say(employer, "1")
    assert zh("applicant-decided", status="accepted", name="小李", phone="13811112222") in said
    await asyncio.sleep(0.5)
    assert any("录用" in t for t in fake_wechat.texts_to(worker))
    [job] = [j for j in await rows(bot, jobs) if j["area"] == "fengze"]
    assert job["status"] == "closed" and job["filled"] == 1
    said = await bot.say(new_openid("w"), "丰泽有没有搬运的活")
    assert "200元/天" not in said.split(zh("find-alert-offer"))[0] or zh("find-nothing") in said


async def test_the_employer_answers_the_notice_of_an_applicant_with_hire_and_a_name(bot, fake_wechat):
    """The notice tells the employer who applied; "录用小李" in answer is
    that decision, with nothing to pick: the worker is told, the employer
    gets the phone."""
    employer = await post(bot, "明天丰泽区搬家需要2个搬运工，日结200元，早上8点到下午5点，联系电话13905951234")
    worker = new_openid("w")
    await register(bot, worker, push="0")
    await bot.say(worker, "丰泽有没有搬运的活")
    await bot.say(worker, "1")
    said = await bot.say(worker, "报名")
    assert "13905951234" in said, said
    await fake_wechat.wait_messages(1)
    for _ in range(50):
        if any("小李" in t for t in fake_wechat.texts_to(employer)):
            break
        await asyncio.sleep(0.1)
    said = await bot.say(employer, "录用 小李")
    assert zh("applicant-decided", status="accepted", name="小李", phone="13811112222") in said, said
    [app] = await rows(bot, applications)
    assert app["status"] == "accepted"
    for _ in range(50):
        if any("录用你了" in t for t in fake_wechat.texts_to(worker)):
            break
        await asyncio.sleep(0.1)
    assert any("录用你了" in t for t in fake_wechat.texts_to(worker)), "the worker is told"


async def test_nothing_found_widens_and_offers_an_alert(bot):
    await post(bot, "明天晋江招搬运工2名，日结200，早上8点到下午5点，电话13905950000")
    worker = new_openid("w")
    said = await bot.say(worker, "德化有搬运的活吗")
    assert zh("find-widened-same-trade-any-area") in said and "晋江市" in said
    said = await bot.say(worker, "通知我")
    assert zh("find-alert-set").split("（")[0] in said


async def test_paging_and_vague_requests(bot):
    for i in range(7):
        await post(bot, f"明天丰泽区招保洁{i + 1}名，日结{150 + i}元，早上8点到下午5点，电话1390595000{i}")
    worker = new_openid("w")
    said = await bot.say(worker, "有活吗")
    assert zh("find-ask-what") in said
    said = await bot.say(worker, "丰泽的保洁")
    assert zh("find-found", count=7) in said and "5." in said and "6." not in said
    said = await bot.say(worker, "更多")
    assert "6." in said and "7." in said
    said = await bot.say(worker, "更多")
    assert zh("no-more") in said


async def test_push_round_sends_matching_new_jobs_once_within_the_rules(bot, fake_wechat):
    worker = new_openid("w")
    await register(bot, worker, trades="搬运", area="丰泽", push="1")
    await post(bot, "明天丰泽区招搬运工1名，日结200元，早上8点到下午5点，电话13905951234")
    await post(bot, "明天德化招陶瓷工1名，日结200元，早上8点到下午5点，电话13905951235")
    runner = bot.app[PUSHES]
    noon = datetime.now(QUANZHOU).replace(hour=12, minute=0).timestamp()
    night = datetime.now(QUANZHOU).replace(hour=23, minute=0).timestamp()
    assert await runner.round(night) == 0, "never at night"
    assert await runner.round(noon) == 1
    assert await runner.round(noon + 60) == 0, "a job is pushed once"
    async with bot.app[DB].reading() as conn:
        rows_ = (await conn.execute(select(outbox).where(outbox.c.recipient == worker))).mappings().all()
    pushed = [r for r in rows_ if r["idempotency_key"].startswith("push:")]
    assert len(pushed) == 1 and "丰泽区" in pushed[0]["payload"] and "德化" not in pushed[0]["payload"]
    said = await bot.say(worker, "退订")
    assert zh("unsubscribed") in said
    await post(bot, "后天丰泽区招搬运工1名，日结220元，早上8点到下午5点，电话13905951236")
    assert await runner.round(noon + 120) == 0, "no pushes after 退订"


async def test_withdrawing_tells_the_employer(bot, fake_wechat):
    employer = await post(bot, "明天丰泽区招搬运工2名，日结200元，早上8点到下午5点，电话13905951234")
    worker = new_openid("w")
    await register(bot, worker, push="2")
    await bot.say(worker, "丰泽有没有搬运的活")
    await bot.say(worker, "1")
    await bot.say(worker, "1")
    await bot.say(worker, "我的报名")
    await bot.say(worker, "1")
    said = await bot.say(worker, "1")
    assert zh("myapps-withdrawn") in said
    await asyncio.sleep(0.5)
    assert any("取消了" in t for t in fake_wechat.texts_to(employer))
    [app] = await rows(bot, applications)
    assert app["status"] == "withdrawn"
    assert time.time()


async def test_jobs_past_their_last_day_are_swept_out_of_search(bot):
    from datetime import date, timedelta

    from bot.store.repos import JobRepo

    await post(bot, "明天丰泽区招搬运工1名，日结200元，早上8点到下午5点，电话13905951234")
    [job] = await rows(bot, jobs)
    async with bot.app[DB].transaction() as conn:
        repo = JobRepo(conn)
        assert await repo.sweep_ended(date.today().isoformat()) == 0
        later = (date.fromisoformat(job["end_date"]) + timedelta(days=1)).isoformat()
        assert await repo.sweep_ended(later) == 1
        trades = json.loads(job["trades"]) if isinstance(job["trades"], str) else job["trades"]
        assert trades and await repo.candidates(today=job["start_date"], trades=trades) == []
        assert await repo.candidates(today=job["start_date"]) == []
    [job] = await rows(bot, jobs)
    assert job["status"] == "expired"


async def test_among_jobs_starting_the_same_day_search_reads_the_newest_post_first(bot):
    """Search reads a bounded number of candidates in start-date order; when
    more jobs start on one day than it reads, the fresh posts (likelier
    still open) are the ones read."""
    from bot.store.repos import JobRepo

    for n in range(3):
        await post(bot, f"明天丰泽区招搬运工1名，日结{200 + n}元，早上8点到下午5点，电话1390595123{n}")
    posted = sorted(await rows(bot, jobs), key=lambda j: j["id"])
    assert len({j["start_date"] for j in posted}) == 1
    async with bot.app[DB].reading() as conn:
        repo = JobRepo(conn)
        trades = json.loads(posted[0]["trades"]) if isinstance(posted[0]["trades"], str) else posted[0]["trades"]
        assert trades
        by_trade = await repo.candidates(today=posted[0]["start_date"], trades=trades, limit=2)
        any_trade = await repo.candidates(today=posted[0]["start_date"], limit=2)
    newest = [posted[2]["id"], posted[1]["id"]]
    assert [j.id for j in by_trade] == newest
    assert [j.id for j in any_trade] == newest
