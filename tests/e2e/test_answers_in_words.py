"""The privacy questions answered in a person's own words, not only with
the numbers offered: whether to show the phone when applying, and the
confirmation of 注销."""
import pytest

from bot.i18n import Catalog
from bot.store.tables import employers, workers
from tests.e2e.test_register_and_post import post_and_confirm, rows
from tests.wx import new_openid

CAT = Catalog()


def zh(msg_id, **kw):
    return CAT.text("zh_CN", msg_id, **kw)


@pytest.mark.parametrize("answer, shown", [("录用后再给", False), ("等老板录用了再给", False), ("不要", False),
                                           ("报名就给", True), ("可以给", True), ("对的", True)])
async def test_whether_to_show_the_phone_when_applying_in_words(bot, answer, shown):
    user = new_openid("w")
    for said_before in ("求职登记", "同意", "老王", "13905951111", "搬运", "丰泽", "对的"):
        said = await bot.say(user, said_before)
    assert zh("reg-saved", push="no") in said
    said = await bot.say(user, "补充")   # the question is among the ones asked after registering
    for _ in range(8):
        if zh("reg-ask-show-phone").splitlines()[0] in said:
            break
        said = await bot.say(user, "跳过")
    assert zh("reg-ask-show-phone").splitlines()[0] in said
    said = await bot.say(user, answer)
    assert zh("reg-ask-show-phone").splitlines()[0] not in said, f"{answer!r} was not understood"
    for rest in ("无", "对的"):
        said = await bot.say(user, rest)
    assert zh("reg-saved", push="no") in said
    [row] = await rows(bot, workers, openid=user)
    assert row["show_phone"] is shown


@pytest.mark.parametrize("confirm", ["确定", "确认注销", "对的", "是的"])
async def test_deleting_is_confirmed_in_words(bot, confirm):
    employer = new_openid("e")
    assert zh("post-published") in await post_and_confirm(
        bot, employer, "明天丰泽区搬家需要2个搬运工，日结200元，早上8点到下午5点，电话13905951234")
    said = await bot.say(employer, "注销")
    assert zh("delete-confirm").splitlines()[0] in said
    said = await bot.say(employer, confirm)
    assert zh("delete-done") in said
    assert [e for e in await rows(bot, employers) if e["openid"] == employer] == []


@pytest.mark.parametrize("keep", ["算了", "不注销了", "不用了"])
async def test_a_change_of_mind_keeps_everything(bot, keep):
    employer = new_openid("e")
    await post_and_confirm(bot, employer, "明天丰泽区搬家需要2个搬运工，日结200元，早上8点到下午5点，电话13905951234")
    await bot.say(employer, "注销")
    said = await bot.say(employer, keep)
    assert zh("delete-done") not in said
    assert [e["openid"] for e in await rows(bot, employers)] == [employer]
