"""One user sending faster than a person can is asked to slow down; what
they sent is not acted on, resends are not counted, others are not slowed."""
import asyncio
from dataclasses import replace

from sqlalchemy import func, select

from bot.i18n import Catalog
from bot.store.db import Database
from bot.store.tables import tickets
from tests.conftest import Bot
from tests.wx import new_openid, text

SLOW = Catalog().text("zh_CN", "slow-down")


async def count_tickets(url: str) -> int:
    db = Database(url)
    try:
        async with db.reading() as conn:
            return (await conn.execute(select(func.count()).select_from(tickets))).scalar()
    finally:
        await db.close()


async def test_a_flood_from_one_user_is_slowed_and_others_are_not(bot):
    limit = bot.settings.user_rate_limit
    assert limit == 30, "the default a person never reaches"
    flooder, other = new_openid("f"), new_openid("o")
    replies = [await bot.say(flooder, f"你好{n}") for n in range(limit + 5)]
    assert SLOW not in replies[:limit]
    assert replies[limit:] == [SLOW] * 5
    assert "慢一点" in SLOW or "太快" in SLOW
    # Someone else is answered as usual meanwhile.
    assert await bot.say(other, "你好") != SLOW


async def test_a_slowed_message_changes_nothing_and_its_resend_gets_the_same_answer(settings):
    bot = await Bot(replace(settings, user_rate_limit=3)).start()
    try:
        user = new_openid()
        for n in range(3):
            await bot.say(user, f"你好{n}")
        xml = text(user, "人工", msg_id=5550001)
        first = await bot.wechat.post(xml)
        again = await bot.wechat.post(xml)
        assert first.text == SLOW and again.text == SLOW
        await asyncio.sleep(0.2)
        assert await count_tickets(bot.settings.database_url) == 0
        # Resends of an answered message are not counted as new messages.
        other = new_openid()
        answered = text(other, "帮助", msg_id=5550002)
        for _ in range(5):
            assert (await bot.wechat.post(answered)).text != SLOW
        assert await bot.say(other, "人工") != SLOW
    finally:
        await bot.stop()


async def test_a_dialog_is_where_it_was_after_the_user_slowed_down(settings):
    catalog = Catalog()
    bot = await Bot(replace(settings, user_rate_limit=2)).start()
    try:
        user = new_openid()
        assert catalog.text("zh_CN", "complaint-ask-kind").splitlines()[0] in await bot.say(user, "投诉")
        assert catalog.text("zh_CN", "complaint-ask-what") in await bot.say(user, "1")   # wages
        assert await bot.say(user, "老板欠我三天工钱") == SLOW                            # too fast: not taken
        # The minute passes (the test clears the count instead of waiting).
        from bot.handlers.keys import KV

        kv = bot.app[KV]
        await kv.delete(kv.key("rate", user))
        # Still at "what happened": the story is taken now, and photos are asked next.
        assert catalog.text("zh_CN", "complaint-ask-photos") in await bot.say(user, "老板欠我三天工钱一直不给")
    finally:
        await bot.stop()
