"""What staff read in the group when a user asks for a person in the middle
of a dialog, tried as staff (audit of issue 13): the notice names the
dialog in words and lists only what the user answered."""
from tests.wx import new_openid


async def test_human_in_a_registration_names_it_in_words_and_lists_only_the_answers(bot, fake_wecom):
    worker = new_openid("w")
    for said in ("我要登记", "同意", "老王", "13655556666"):
        await bot.say(worker, said)
    await bot.say(worker, "人工")
    [post] = await fake_wecom.wait_posts(1)
    notice = post["markdown"]["content"]
    assert "正在办：求职登记" in notice, "before: 正在办：register:ask＿trades"
    assert "register" not in notice and "ask" not in notice, notice
    assert "姓名：老王" in notice and "136＊＊＊＊6666" in notice, notice
    assert "时间段" not in notice and "推送新活" not in notice, "defaults are not what the worker said"


async def test_staff_close_and_reply_as_typed_and_the_user_is_told_plainly(settings, fake_wecom, fake_wechat):
    """Tried as staff: a reply with Chinese commas arrives as typed (before: ASCII commas, typo table
    'fixes'); a close without a note says 'closed.' (before: '已经办结：-') and the survey may be answered
    in words, as the question now says."""
    import asyncio
    import re
    from dataclasses import replace

    from tests.conftest import Bot
    staff = new_openid("s")
    b = await Bot(replace(settings, staff_openids=frozenset({staff}))).start()
    try:
        worker = new_openid("w")
        said = await b.say(worker, "人工")
        number = int(re.search(r"#(\d+)", said).group(1))
        await b.say(staff, f"回复 {number} 您好，老版那边我们去问了，明天回您。")
        await b.say(staff, f"结案 {number}")
        await fake_wechat.wait_messages(2)
        await asyncio.sleep(0.3)
        texts = fake_wechat.texts_to(worker)
        assert any("您好，老版那边我们去问了，明天回您。" in t for t in texts), texts
        [closed] = [t for t in texts if "办结" in t]
        assert f"你的编号 #{number} 已经办结。" in closed and "：-" not in closed and "很满意" in closed, closed
        said = await b.say(worker, "很满意")
        assert "谢谢你的打分" in said, said
    finally:
        await b.stop()


async def test_staff_help_and_a_close_without_its_number_in_staff_words(settings, fake_wecom, fake_wechat):
    """#14, tried as staff through the webhook: 帮助 lists the staff commands with examples (before: the
    users' menu); 结案 without its number says how to write it (before: '你刚才没办完的事，我这里没有记下来')
    and closes nothing; a user who asks for a person while finding a market shows as '正在办：找零工市场'
    (before: '正在办：markets')."""
    import re
    import time
    from dataclasses import replace

    from bot import clock
    from tests.conftest import Bot
    staff = new_openid("s")
    b = await Bot(replace(settings, staff_openids=frozenset({staff}))).start()
    try:
        said = await b.say(staff, "帮助")
        assert "工作人员的命令" in said and "例：结案 12 已处理" in said and "例：待办" in said, said
        assert "1 找工作" not in said, said
        said = await b.say(staff, "结案")
        assert "少了编号" in said and "结案 12 已处理" in said and "没办完的事" not in said, said
        worker = new_openid("w")
        await b.say(worker, "零工市场在哪")
        before = time.time()
        await b.say(worker, "人工")
        after = time.time()
        [post] = await fake_wecom.wait_posts(1)
        notice = post["markdown"]["content"]
        assert "正在办：找零工市场" in notice and "markets" not in notice, notice
        at = re.search(r"时间：(\S+ \S+)", notice).group(1)
        assert clock.stamp(before) <= at <= clock.stamp(after), (at, "Quanzhou time, as staff read it")
    finally:
        await b.stop()
