"""Hardship categories (issue 14, clause 13), without I/O: the words a
worker says for them, the summary line that asks them (never asked in
turn), the staff's 认定 / 取消认定 as typed commands, and eligibility for
welfare posts that only staff-recognised categories meet."""
from dataclasses import replace

import pytest

from bot.app import language_resources
from bot.domain import Worker
from bot.features.account.messages import UpdateUser
from bot.features.hardship.categories import CATEGORIES
from bot.features.hardship.messages import RecogniseHardship, WorkersForStaff
from bot.features.register.messages import SaveWorker, WorkerProfile
from bot.i18n import Catalog
from bot.services.pushes import eligible, of_worker
from bot.turn.conversation import Conversation
from tests.unit.test_conversation import User
from tests.unit.test_pushes import TODAY, job, worker

STAFF = "o_unit_staff"
CAT = Catalog()
LI = Worker(openid="o_li", name="小李", phone="13800000001", areas=("fengze",), trades=("cleaner",),
            hardship_said=("disabled",))


@pytest.fixture(scope="module")
def conv():
    refdata, nlu = language_resources()
    return Conversation(nlu, refdata, staff_openids=frozenset({STAFF}))


def commands(u):
    return [c for c in u.commands if not isinstance(c, UpdateUser)]


def text(said):
    return CAT.text("zh_CN", said.id, **said.vars)


@pytest.mark.parametrize("words,codes", [
    ("我是残疾人", ("disabled",)), ("低保户", ("dibao",)), ("有残疾证，家里低保", ("disabled", "dibao")),
    ("家里没人上班", ("zero_employment_family",)), ("失业很久了", ("long_unemployed",)),
    ("I am disabled", ("disabled",)), ("找不到活", ()), ("我不是残疾人", None),
])
def test_the_words_for_each_category(words, codes):
    assert CATEGORIES.get().read(words) == codes


def test_the_list_is_marked_unverified_with_where_staff_check_it():
    c = CATEGORIES.get()
    assert c.verified is False and "12333" in c.check_with and "第五十二条" in c.source


def test_registering_never_asks_it_the_summary_shows_it_on_one_line_and_asks_only_when_picked(conv):
    u = User(conv)
    for said in ("我要登记", "同意", "老王", "13812345678", "搬运", "丰泽"):
        ids, out = u.send(said)
    assert "reg-ask-hardship" not in ids
    shown = text(out.out[0])
    line = next(ln for ln in shown.splitlines() if "困难情况" in ln)
    assert line == "13. 困难情况（残疾、低保等，可不填）：没说"
    ids, out = u.send("13")
    assert ids[:2] == ["reg-ask-hardship", "reg-skip-hint"] and "没有" in text(out.out[0])
    ids, _ = u.send("不知道")
    assert ids[0] == "reg-hardship-invalid", "asked again, kindly, with examples"
    ids, out = u.send("我是低保户")
    assert ids[0] == "reg-summary" and "困难情况（残疾、低保等，可不填）：低保家庭成员" in text(out.out[0])
    u.send("对的")
    [saved] = [c for c in commands(u) if isinstance(c, SaveWorker)]
    assert saved.hardship_said == ("dibao",)


def test_in_my_info_it_shows_what_staff_recognised_and_none_or_skip_answer_it(conv):
    u = User(conv, store={WorkerProfile(): replace(LI, hardship_recognised=("disabled",), hardship=True)})
    ids, out = u.send("我的信息")
    assert "13. 困难情况（残疾、低保等，可不填）：残疾人（工作人员已认定：残疾人）" in text(out.out[ids.index("reg-summary")])
    u.send("13")
    ids, out = u.send("跳过")
    assert "：残疾人（工作人员已认定" in text(out.out[0]), "skip keeps what was said"
    u.send("13")
    ids, out = u.send("没有")
    assert "困难情况（残疾、低保等，可不填）：没说（工作人员已认定：残疾人）" in text(out.out[0]), \
        "the worker's own word goes; staff's recognition stays"
    u.send("对的")
    [saved] = [c for c in commands(u) if isinstance(c, SaveWorker)]
    assert saved.hardship_said == () and "hardship_recognised" not in saved.fields()


def test_staff_recognise_by_phone_and_take_back_as_typed_commands(conv):
    u = User(conv, openid=STAFF, store={WorkersForStaff("13800000001"): [LI], WorkersForStaff("o_li"): [LI]})
    ids, out = u.send("认定 13800000001 残疾人")
    assert ids == ["staff-recognise-done"]
    assert text(out.out[0]) == "已认定 小李：残疾人。现在的认定：残疾人（本人说的：残疾人）。已告诉本人。"
    u.store[WorkersForStaff("o_li")] = [replace(LI, hardship_recognised=("disabled", "dibao"))]
    ids, out = u.send("取消认定 o_li 全部")
    assert ids == ["staff-recognise-done"] and "现在的认定：-" in text(out.out[0])
    # "all" taken back names what was recognised, not every category there is
    assert text(out.out[0]).startswith("已取消认定 小李：残疾人 / 低保家庭成员。"), text(out.out[0])
    assert commands(u) == [RecogniseHardship("o_li", ("disabled",), True),
                           RecogniseHardship("o_li", CATEGORIES.get().codes, False)]


def test_staff_mistakes_get_a_kind_answer_and_change_nothing(conv):
    u = User(conv, openid=STAFF, store={WorkersForStaff("13800000009"): [],
                                        WorkersForStaff("13800000001"): [LI, replace(LI, openid="o_li2")]})
    ids, _ = u.send("认定")
    assert ids == ["staff-recognise-usage", "staff-recognise-unverified"]
    ids, _ = u.send("认定 13800000001 不知道")
    assert ids[0] == "staff-recognise-usage"
    ids, _ = u.send("认定 13800000009 低保")
    assert ids == ["staff-recognise-nobody"]
    ids, _ = u.send("认定 13800000001 低保")
    assert ids == ["staff-recognise-several", "staff-recognise-candidate", "staff-recognise-candidate"]
    assert commands(u) == []


def test_the_words_are_not_a_command_from_a_worker(conv):
    u = User(conv)
    ids, _ = u.send("认定 13800000001 残疾人")
    assert not [i for i in ids if i.startswith("staff-")] and commands(u) == []


def test_a_hardship_post_needs_a_category_staff_recognised_not_one_only_said():
    post = job(welfare=True, eligibility={"hardship": True})
    assert eligible(worker(hardship=True, hardship_recognised=("disabled",)), post, TODAY)
    assert not eligible(of_worker(LI), post, TODAY), "said by the worker only"
    assert eligible(of_worker(replace(LI, hardship=True, hardship_recognised=("disabled",))), post, TODAY)
    assert not eligible(of_worker(None), post, TODAY), "someone not registered"
    some = job(welfare=True, eligibility={"hardship": ["dibao", "zero_employment_family"]})
    assert eligible(worker(hardship=True, hardship_recognised=("dibao",)), some, TODAY)
    assert not eligible(worker(hardship=True, hardship_recognised=("disabled",)), some, TODAY)
    assert eligible(of_worker(None), job(welfare=True, eligibility={}), TODAY), "a post open to all"


def test_a_welfare_post_file_names_only_known_categories():
    from bot.app import content_rules
    from bot.refdata import ReferenceData
    from bot.services.welfare import WelfarePostError, validate

    post = {"trade": "cleaner", "area": "fengze", "address": "x", "start_date": "2027-01-20", "days": 3,
            "start_time": "08:00", "end_time": "12:00", "pay": 90, "pay_unit": "day", "pay_method": "daily",
            "headcount": 1, "contact_phone": "13900000000"}
    refdata, rules = ReferenceData.load(), content_rules()
    ok = validate({**post, "eligibility": {"hardship": ["dibao"]}}, refdata, rules, 1)
    assert ok["eligibility"] == {"hardship": ["dibao"]}
    with pytest.raises(WelfarePostError, match="dibao"):
        validate({**post, "eligibility": {"hardship": ["poor"]}}, refdata, rules, 1)


def test_at_the_summary_the_words_themselves_answer_the_hardship_line(conv):
    u = User(conv)
    for said in ("我要登记", "同意", "老王", "13812345678", "搬运", "丰泽"):
        u.send(said)
    ids, out = u.send("我是残疾人，家里低保")
    assert ids[0] == "reg-summary"
    assert "13. 困难情况（残疾、低保等，可不填）：残疾人 / 低保家庭成员" in text(out.out[0])
    u.send("对的")
    [saved] = [c for c in commands(u) if isinstance(c, SaveWorker)]
    assert saved.hardship_said == ("disabled", "dibao")
