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
