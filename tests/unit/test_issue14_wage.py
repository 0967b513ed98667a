"""Issue 14, minimum wage and everyday questions: the figure for the user's
area with its source, posts below the minimum refused with the figure and
the line to change, the heat allowance, and the honest "not sure" (never
"not understood") for a policy question the knowledge base is unsure of.
Asserts what the user reads."""
from __future__ import annotations

from datetime import date

import pytest

from bot.app import content_rules, language_resources, policy_base
from bot.domain import Worker
from bot.engine.dialog import NeedData
from bot.features.find_work.messages import DailyUse
from bot.features.post_job.messages import DailyPosts
from bot.i18n import Catalog
from bot.turn.conversation import Conversation, Inbound

CAT = Catalog()
T0 = 1_800_000_000.0   # 2027-01-15, Quanzhou time

DEFAULTS = {
    "WorkerProfile": None, "EmployerProfile": None, "MyJobs": [], "MyApplications": [], "MyTickets": [],
    "PendingSurvey": None, "TicketInTalk": None, "Engagements": [], "SurveyDue": False, "MyRating": {},
    "PrivacyTerms": {"engagement_days": 365}, "JobsByIds": {}, "MyBookings": [], "MyTraining": [],
    "Courses": [], "Applicants": [], "ReviewQueue": [], "FindJobs": {"results": [], "jobs": {}, "widened": None},
    "PostsToday": DailyPosts(used=0, limit=10), "ApplicationsToday": DailyUse(0, 0),
}


@pytest.fixture(scope="module")
def conv():
    refdata, nlu = language_resources()
    return Conversation(nlu, refdata, rules=content_rules(), policies=policy_base())


class Person:
    def __init__(self, conv, lang="zh_CN", store=None):
        self.conv, self.state, self.now, self.lang = conv, None, T0, lang
        self.store = dict(store or {})
        self.commands: list = []

    def _answer(self, q):
        name = type(q).__name__
        if name in self.store:
            return self.store[name]
        if isinstance(q, str):
            return {} if q.startswith("jobs:") else None
        return DEFAULTS.get(name)

    def send(self, text):
        self.now += 5
        data: dict = {}
        while True:
            try:
                out = self.conv.handle(Inbound("o_issue14", "text", text=text), self.state, now=self.now, data=data)
                break
            except NeedData as need:
                data.update({k: self._answer(k) for k in need.queries})
        self.state = out.state.saved()
        self.commands += out.commands
        self.ids = [s.id for s in out.out]
        self.text = "\n".join(CAT.text(self.lang, s.id, **s.vars) for s in out.out)
        return self.ids


def person(conv, **store):
    return Person(conv, store=store)


# -- the minimum wage file ------------------------------------------------------

def test_every_area_has_a_minimum_with_its_document_and_where_staff_check():
    from bot.language.minimum_wage import MinimumWage
    refdata, _ = language_resources()
    wages = MinimumWage.load()
    today = date(2026, 12, 6)
    for area in refdata.areas:
        f = wages.for_area(area.code, today)
        assert f is not None and f.monthly > 0 and 0 < f.hourly < f.monthly, area.code
        # Nothing here is confirmed by staff yet: every figure says so.
        assert not f.verified and f.standard.issued and f.standard.effective
    assert "12333" in wages.check_place("zh_CN") and "12333" in wages.check_place("en")


def _wage_doc():
    import json
    from bot import DATA_DIR
    return json.loads((DATA_DIR / "minimum_wage.json").read_text("utf-8"))


def _break(doc, how):
    s = doc["standards"]
    if how == "area-missing":
        del s[0]["areas"]["dehua"]
    elif how == "area-unknown":
        s[0]["areas"]["xiamen"] = "1"
    elif how == "tier-unlisted":
        s[0]["areas"]["dehua"] = "9"
    elif how == "half-figures":
        s[0]["tiers"]["1"]["hourly"] = None
    elif how == "hourly-not-below-monthly":
        s[0]["tiers"]["1"]["hourly"] = 5000
    elif how == "negative":
        s[0]["tiers"]["1"]["monthly"] = -1
    elif how == "not-in-order":
        s.reverse()
    elif how == "unknown-field":
        s[0]["amount"] = 1
    elif how == "verified-missing":
        del s[0]["verified"]
    elif how == "bad-date":
        s[0]["effective"] = "2015/7/1"
    elif how == "no-figures":
        for st in s:
            st["tiers"] = {t: {"monthly": None, "hourly": None} for t in st["tiers"]}
    elif how == "no-check-at":
        del doc["check_at"]
    return doc


@pytest.mark.parametrize("how,says", [
    ("area-missing", "dehua"), ("area-unknown", "xiamen"), ("tier-unlisted", "not listed"),
    ("half-figures", "both"), ("hourly-not-below-monthly", "not below"), ("negative", "positive"),
    ("not-in-order", "oldest first"), ("unknown-field", "amount"), ("verified-missing", "verified"),
    ("bad-date", "effective"), ("no-figures", "no document has figures"), ("no-check-at", "check_at"),
])
def test_a_broken_minimum_wage_file_is_refused_naming_what_is_wrong(tmp_path, how, says):
    import json
    from bot.language.minimum_wage import MinimumWage, MinimumWageError
    path = tmp_path / "minimum_wage.json"
    path.write_text(json.dumps(_break(_wage_doc(), how), ensure_ascii=False), "utf-8")
    with pytest.raises(MinimumWageError) as err:
        MinimumWage.load(path)
    assert str(path) in str(err.value) and says in str(err.value)


def test_a_file_that_is_not_json_is_refused(tmp_path):
    from bot.language.minimum_wage import MinimumWage, MinimumWageError
    path = tmp_path / "minimum_wage.json"
    path.write_text("{not json", "utf-8")
    with pytest.raises(MinimumWageError, match="cannot read"):
        MinimumWage.load(path)


def test_a_newer_document_without_figures_keeps_the_last_known_figure_and_says_it_changed():
    from bot.language.minimum_wage import MinimumWage
    wages = MinimumWage.load()
    before = wages.for_area("fengze", date(2016, 1, 1))
    now = wages.for_area("fengze", date(2026, 12, 6))
    assert before.newer is None and now.newer is not None and now.newer.number
    assert (before.monthly, before.hourly) == (now.monthly, now.hourly)


# -- asking for the minimum wage ----------------------------------------------------

def test_the_minimum_wage_of_the_area_named_in_the_question(conv):
    p = person(conv)
    p.send("丰泽区最低工资")
    assert "没听懂" not in p.text
    assert "【最低工资标准】" in p.text
    assert "丰泽区：2015 年定的是每月 1350 元、每小时 14.3 元。后来调高过，现在的标准比这个高" in p.text
    assert "2015-07-01 起执行" in p.text and "之后又调整过" in p.text and "还没核对完" in p.text
    assert "12333" in p.text


def test_the_registered_workers_area_when_the_question_names_none(conv):
    worker = Worker(openid="o_issue14", name="alice", areas=("anxi",))
    p = person(conv, WorkerProfile=worker)
    p.send("最低工资是多少？")
    assert "安溪县：2015 年定的是每月 1230 元、每小时 13 元。后来调高过" in p.text


def test_the_whole_table_in_short_for_someone_not_registered(conv):
    p = person(conv)
    p.send("泉州最低工资多少")
    assert "泉州各地 2015 年定的最低工资（后来调高过，现在的标准比这个高）：" in p.text
    refdata, _ = language_resources()
    for area in refdata.areas:
        assert area.name in p.text, area.name
    assert "每月 1350 元，每小时 14.3 元" in p.text and "每月 1230 元，每小时 13 元" in p.text
    assert "说出你在哪个区县" in p.text


@pytest.mark.parametrize("text", ["一个小时最少给多少钱", "做小时工一小时最少给多少钱", "德化最低工资标准是多少"])
def test_everyday_ways_of_asking_get_the_minimum_wage(conv, text):
    p = person(conv)
    p.send(text)
    assert "【最低工资标准】" in p.text and "没听懂" not in p.text


def test_the_minimum_wage_in_english(conv):
    p = Person(conv, lang="en")
    p.send("English")
    p.send("what is the minimum wage in Jinjiang")
    assert "Jinjiang City: set in 2015 at 1350 yuan a month and 14.3 yuan an hour. It has been raised since" in p.text
    assert "in force from 2015-07-01" in p.text and "12333" in p.text


@pytest.mark.parametrize("text", ["高温补贴有吗", "夏天太热干活有没有高温费"])
def test_the_heat_allowance_questions_of_the_issue(conv, text):
    p = person(conv)
    p.send(text)
    assert "【高温津贴和高温天干活" in p.text
    assert "35℃" in p.text and "12333" in p.text
    assert "困难" not in p.text.split("\n")[0] and "工伤" not in p.text.split("\n")[0]


# -- a policy question the knowledge base is not sure of ------------------------------

def test_a_policy_question_not_confidently_matched_gets_the_honest_not_sure(conv):
    p = person(conv)
    p.send("一个星期上七天班合法吗")
    assert "没听懂" not in p.text
    assert p.ids[0] == "policy-not-sure" and p.ids.count("numbered") == 2
    assert "人工" in p.text


@pytest.mark.parametrize("text", ["今天天气怎么样", "开元寺门票多少钱", "帮我订个酒店"])
def test_off_topic_messages_are_still_not_understood(conv, text):
    p = person(conv)
    assert p.send(text)[0] == "not-understood"


# -- posts below the minimum wage ----------------------------------------------------

ANSWERS = {"post-ask-address": "东海街道刺桐小区", "post-ask-employer-name": "陈先生",
           "post-ask-company-name": "晋江鞋厂", "post-ask-credit": "跳过"}


def post(p, text):
    ids = p.send(text)
    for _ in range(10):
        pending = [k for k in ANSWERS if k in ids]
        if not pending:
            break
        ids = p.send(ANSWERS[pending[0]])
    assert "post-confirm" in ids, ids
    return p.send("发布")


def published(p):
    return [c for c in p.commands if type(c).__name__ == "PublishJob"]


def test_a_post_below_the_hourly_minimum_is_refused_with_the_figure_and_the_line(conv):
    p = person(conv)
    ids = post(p, "明天丰泽区饭店招洗碗工2名，每小时10元，早上8点到下午5点，电话13905951234")
    assert "post-below-minimum" in ids and not published(p)
    assert "工钱“10 元/小时”低于最低工资：丰泽区每小时不能低于 14.3 元" in p.text
    assert "2015-07-01 起执行" in p.text and "12333" in p.text
    assert "请回复 7 改工钱" in p.text
    p.send("7")
    p.send("每小时20元")
    assert "post-published" in p.send("发布") and published(p)


def test_a_days_minimum_is_the_hourly_minimum_times_the_posts_hours(conv):
    p = person(conv)
    # 8:00 to 17:00 is 9 hours, less an hour for a meal: 8 hours x 14.3 = 114.4.
    post(p, "明天丰泽区搬家需要3个小工，日结100元，早上8点到下午5点，联系电话13905951234")
    assert "每天不能低于 114.4 元（每小时 14.3 元 × 8 小时，按你写的上下班时间算" in p.text
    assert not published(p)


def test_a_short_day_is_held_to_its_own_hours(conv):
    p = person(conv)
    # 8:00 to 12:00: 4 hours x 14.3 = 57.2; 60 a morning is lawful.
    ids = post(p, "明天丰泽区搬家需要3个小工，日结60元，早上8点到12点，联系电话13905951234")
    assert "post-published" in ids and published(p)


def test_a_post_at_the_minimum_or_above_is_published(conv):
    p = person(conv)
    ids = post(p, "明天德化招包装工2名，每小时15元，早上8点到下午5点，电话13905951234")
    assert "post-published" in ids and published(p)


def test_the_typical_pay_table_is_never_below_the_minimum_wage():
    from bot.language.minimum_wage import day_minimum
    rules = content_rules()
    today = date(2026, 12, 6)
    highest = max((f for f, _ in rules.minimum_wage.lowest(today)), key=lambda f: f.monthly)
    for category, units in rules.pay.ranges.items():
        assert units["hour"][0] >= highest.hourly, category
        assert units["day"][0] >= day_minimum(highest.hourly), category
        assert units["month"][0] >= highest.monthly, category


def test_unpaid_wages_name_the_citys_channels(conv):
    p = person(conv)
    p.send("工资拖了半年不给怎么办")
    assert "【被拖欠工钱（欠薪）怎么办】" in p.text and "12345" in p.text
    p.send("详细")
    assert "泉州市和各县、市、区人社局" in p.text and "全国根治欠薪线索反映平台" in p.text
    assert "国办发〔2020〕53号" in p.text
