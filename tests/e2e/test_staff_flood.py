"""A flood of `人工` while an injury complaint is lodged, against real
`python -m bot serve` processes and a fake WeCom robot that enforces the
real one's limits (20 messages a minute per key, 4,096 bytes of markdown).

It was: 60 × `人工` in half a second made 60 tickets, the robot refused 37
of their notices (45009), and an injury complaint (a 1,000-character story
and 6 photos, a 4,126-byte notice, refused 40058) was not delivered after
150 s while its urgent mention waited behind it.

Now: the injury notice and its mention go before the ordinary notices
still waiting, within a minute; every notice arrives exactly once (counted
by ticket number and by idempotency key); the robot refuses nothing. On
PostgreSQL + Redis two processes share the flood, and the robot's minute."""
import asyncio
import re
import time
from collections import Counter

import aiohttp
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import create_async_engine

from bot.store.tables import outbox, tickets
from tests.e2e.test_faults import REDIS_URL, Webhook, bot_env, free_port, post, start, stopped
from tests.e2e.test_staff_notices import PHOTOS, injury_story
from tests.wx import new_openid, xml_message

USERS = 50
TITLE = re.compile(r"\*\*[^*\n]*\*\* #(\d+)")   # a notice's first line: **kind** #N


def notice_numbers(post: dict) -> list[int]:
    """The ticket numbers of the notices in one post (several when posted together)."""
    if post.get("msgtype") != "markdown":
        return []
    return [int(n) for n in TITLE.findall(post["markdown"]["content"])]


@pytest.mark.timeout(300)
async def test_a_flood_of_human_requests_does_not_hold_an_injury_complaint(tmp_path, database_url, fake_wecom,
                                                                            fake_wechat):
    two = bool(REDIS_URL and database_url.startswith("postgresql"))
    env = bot_env(database_url, fake_wecom, fake_wechat, **({"REDIS_URL": REDIS_URL} if REDIS_URL else {}))
    ports = [free_port() for _ in range(2 if two else 1)]
    logs = [open(tmp_path / f"bot{n}.log", "ab") for n in range(len(ports))]
    procs = []
    try:
        started = await asyncio.gather(*(start(env, p, log) for p, log in zip(ports, logs)),
                                       return_exceptions=True)
        procs = [p for p in started if not isinstance(p, BaseException)]
        for p in started:
            if isinstance(p, BaseException):
                raise p
        loop = asyncio.get_running_loop()
        injured = new_openid("i")
        flooders = [new_openid("f") for _ in range(USERS)]
        async with aiohttp.ClientSession() as s:
            hooks = [Webhook(s, port, fake_wechat) for port in ports]
            # ---- the injured worker, one step from lodging: kind, story, six photos, phone
            w = hooks[0]
            await w.say(injured, "投诉")
            await w.say(injured, "2")
            await w.say(injured, injury_story())
            for n, url in enumerate(PHOTOS, 1):
                status, _ = await post(s, ports[0], xml_message(injured, "image", PicUrl=url, MediaId=f"m{n}"))
                assert status == 200
            await w.say(injured, "好了")
            await w.say(injured, "13811112222")   # the summary to confirm (several pages: a long story)
            assert fake_wecom.posts == []

            # ---- the flood; the complaint is confirmed in the middle of it
            # The robot answers as slowly as the real one, so that ordinary
            # notices are still waiting when the injury is lodged (a fake that
            # answers at once could take them all before, and there would be
            # nothing for the injury notice to go before).
            fake_wecom.latency = 0.3
            told: dict[str, int] = {}
            flood_began = loop.time()

            async def human(n: int, u: str) -> None:
                await asyncio.sleep(n * 0.01)   # fifty in half a second
                said = await hooks[n % len(hooks)].say(u, "人工")
                m = re.search(r"#(\d+)", said)
                assert m, said
                told[u] = int(m.group(1))

            flood = [asyncio.create_task(human(n, u)) for n, u in enumerate(flooders)]
            while len(told) < 20:
                await asyncio.sleep(0.005)
            said = await hooks[-1].say(injured, "提交")
            lodged_at = time.time()
            injury = int(re.search(r"#(\d+)", said).group(1))
            posted_before_lodging = len(fake_wecom.posts)
            await asyncio.gather(*flood)
            everyone = {**told, injured: injury}

            # ---- until every ticket's notice has arrived (or a generous while)
            deadline = loop.time() + 150
            while loop.time() < deadline:
                delivered = Counter(n for p in fake_wecom.posts for n in notice_numbers(p))
                if set(everyone.values()) <= set(delivered):
                    break
                await asyncio.sleep(0.2)
            all_in = loop.time() - flood_began

        engine = create_async_engine(database_url)
        try:
            async with engine.connect() as conn:
                stored = dict((await conn.execute(select(tickets.c.openid, tickets.c.id))).all())
                queued = (await conn.execute(select(outbox.c.idempotency_key)
                                             .where(outbox.c.channel == "staff"))).scalars().all()
        finally:
            await engine.dispose()

        posts = fake_wecom.posts
        delivered = Counter(n for p in posts for n in notice_numbers(p))
        at = [i for i, p in enumerate(posts) if injury in notice_numbers(p)]
        waiting_then = [n for i, p in enumerate(posts) if p["_at"] >= lodged_at for n in notice_numbers(p)
                        if n != injury and n < injury]
        print(f"staff flood: {len(everyone)} tickets ({len(ports)} process(es)), {len(posts)} posts, "
              f"{sum(1 for p in posts if len(p['_keys']) > 1)} of them combined, all in {all_in:.1f} s; "
              + (f"injury notice {posts[at[0]]['_at'] - lodged_at:.1f} s after lodging, post {at[0] + 1}, "
                 if at else "no injury notice, ")
              + f"{len(waiting_then)} ordinary notices lodged before it still waiting; "
                f"refused {Counter(r['errcode'] for r in fake_wecom.refused)}")

        assert stored == everyone, "every user has the ticket they were told, and no other"
        assert len(at) == 1, "the injury notice arrived, once"
        assert fake_wecom.refused == [], "the robot refused nothing: not for size, not for the rate"
        assert sorted(delivered) == sorted(everyone.values()) and set(delivered.values()) == {1}, \
            "every ticket's notice arrived, exactly once"
        keys = Counter(fake_wecom.keys())
        assert set(keys) == set(queued) and set(keys.values()) == {1}, "every queued notice once, by key"
        # The injury notice: in time, before the ordinary ones still waiting, its mention right after.
        [i] = at
        notice = posts[i]
        assert notice["_at"] - lodged_at <= 60, "the injury notice within a minute"
        assert len(notice["_keys"]) == 1 and "受伤" in notice["markdown"]["content"]
        assert f"查看 {injury}" in notice["markdown"]["content"] and len(notice["markdown"]["content"].encode()) <= 4096
        mention = posts[i + 1]
        assert mention["msgtype"] == "text" and mention["text"]["mentioned_list"] == ["@all"]
        assert f"#{injury}" in mention["text"]["content"] and mention["_at"] - lodged_at <= 60
        assert waiting_then, "ordinary notices lodged earlier were still waiting when it was lodged"
        in_flight = posts[posted_before_lodging:i]
        assert len(in_flight) <= 1, "at most the post already in flight went before it"
        assert all(p["_at"] - lodged_at < 2 for p in in_flight)
        assert len(posts) <= 20, "a flood of 51 notices in one robot-minute"
    finally:
        for p in procs:
            await stopped(p)
        for log in logs:
            log.close()

