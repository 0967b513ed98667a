"""Finding work without I/O: the dialogs ask for records with typed queries
and ask for changes with typed commands (no string keys, no Effect kinds),
driven with plain text against a fake store."""
from __future__ import annotations

import json

import pytest

from bot import domain
from bot.app import language_resources
from bot.bus import Command, Query
from bot.i18n import Catalog
from bot.turn.conversation import Conversation, Inbound
from bot.engine.dialog import Location, NeedData
from bot.features.account.messages import UpdateUser
from bot.features.find_work import DIALOGS, INTENTS
from bot.features.find_work.dialog import FindWorkDialog, MyApplicationsDialog
from bot.features.find_work.messages import (AddJobAlert, ApplicationsToday, Apply, DailyUse, FindJobs, JobById,
                                             JobsByIds, MyApplications, MyApplicationTo, StopPushes, Withdraw)
from bot.features.complaints.messages import TicketInTalk
from bot.features.post_job.messages import EmployerProfile
from bot.features.register.messages import SaveWorker, WorkerProfile

JOB = domain.Job(id=7, employer_id=3, status="open", trades=("porter",), area="fengze", address="",
                 lat=None, lng=None, start_date="2027-02-01", end_date="2027-02-01", days=1,
                 start_time="08:00", end_time="17:00", pay_min=200, pay_max=200, pay_unit="day",
                 pay_method="daily", headcount=2, filled=0, skills="", description="", meals=None,
                 lodging=None, contact_name="陈先生", contact_phone="13905951111", kind="job", employer_rating=None)
WORKER = domain.Worker(openid="o_worker", name="老王", phone="13905958888", trades=("porter",), areas=("fengze",))


@pytest.fixture(scope="module")
def conv():
    refdata, nlu = language_resources()
    return Conversation(nlu, refdata)


CATALOG = Catalog()


class Worker:
    """A user whose turns' queries are answered from `store` (by query) and
    recorded in `asked`; every change they ask for is kept in `changes`."""

    def __init__(self, conv, store=None):
        self.conv, self.state, self.now = conv, None, 1_800_000_000.0
        self.asked: list = []
        self.changes: list = []
        self.store = {WorkerProfile(): WORKER, EmployerProfile(): None, MyApplications(): [],
                      ApplicationsToday(): DailyUse(0, 20), "pending_survey": None,
                      JobById(7): JOB, JobsByIds((7,)): {7: JOB}, MyApplicationTo(7): None,
                      TicketInTalk(): None}
        self.found = {"results": [[7, 1.2]], "jobs": {}, "widened": None}
        self.store.update(store or {})

    def answer(self, key):
        self.asked.append(key)
        if isinstance(key, FindJobs):
            return self.found
        return self.store[key]

    def send(self, text="", kind="text", **kw):
        self.now += 5
        data: dict = {}
        while True:
            try:
                out = self.conv.handle(Inbound("o_worker", kind, text=text, **kw), self.state, now=self.now,
                                       data=data)
                break
            except NeedData as need:
                data.update({k: self.answer(k) for k in need.queries})
        self.state = out.state.saved()   # as the service keeps it: JSON
        self.changes += out.commands
        self.text = CATALOG.render("zh_CN", out.out)   # the reply as the user reads it
        return [s.id for s in out.out]

    def typed(self):
        """The changes the user's words asked for (not the conversation's own
        bookkeeping of the user: UpdateUser)."""
        return [c for c in self.changes if isinstance(c, Command) and not isinstance(c, UpdateUser)]


def test_the_feature_package_lists_its_dialogs_and_intents():
    assert set(DIALOGS) == {FindWorkDialog, MyApplicationsDialog}
    assert INTENTS == {"find_work": FindWorkDialog, "my_applications": MyApplicationsDialog}


def test_a_search_is_a_typed_query_and_applying_a_typed_command(conv):
    w = Worker(conv)
    ids = w.send("丰泽有没有搬运的活")
    assert "job-line" in ids
    [search] = [k for k in w.asked if isinstance(k, FindJobs)]
    assert search.trades == ("porter",) and search.areas == ("fengze",) and search.origin is None
    assert all(isinstance(k, Query) or k == "pending_survey" for k in w.asked), w.asked
    w.send("1")
    ids = w.send("报名")
    assert "applied" in ids
    assert MyApplicationTo(7) in w.asked and ApplicationsToday() in w.asked
    assert w.typed() == [Apply(7)]


def test_applying_unregistered_saves_the_brief_profile_then_applies(conv):
    w = Worker(conv, {WorkerProfile(): None})
    w.send("丰泽有没有搬运的活")
    w.send("1")
    assert "apply-consent" in w.send("报名")
    w.send("1")
    w.send("老王")
    assert "applied" in w.send("13905958888")
    assert w.typed() == [SaveWorker(name="老王", phone="13905958888", trades=("porter",), areas=("fengze",)),
                         Apply(7)]


def test_the_daily_limit_is_read_as_a_typed_answer(conv):
    w = Worker(conv, {ApplicationsToday(): DailyUse(20, 20)})
    w.send("丰泽有没有搬运的活")
    w.send("1")
    ids = w.send("报名")
    assert ids[0] == "apply-cap-reached" and "applied" not in ids
    assert w.typed() == []


def test_an_alert_is_a_typed_command_with_the_search_trades_and_areas(conv):
    w = Worker(conv)
    w.found = {"results": [], "jobs": {}, "widened": None}
    assert "find-alert-offer" in w.send("丰泽有没有搬运的活")
    assert "find-alert-set" in w.send("通知我")
    assert w.typed() == [AddJobAlert(("porter",), ("fengze",))]


def test_a_shared_location_searches_from_it_and_names_the_nearest_market_last(conv):
    w = Worker(conv)
    ids = w.send(kind="location", location=Location(24.9037, 118.5894))
    assert ids[-1] == "nearest-market"
    [search] = [k for k in w.asked if isinstance(k, FindJobs)]
    assert search.near and search.origin == (24.9037, 118.5894)


def test_a_location_sent_when_asked_for_goes_into_the_search(conv):
    w = Worker(conv)
    assert "find-ask-location" in w.send("附近有没有搬运的活")
    w.send(kind="location", location=Location(24.9, 118.6))
    searches = [k for k in w.asked if isinstance(k, FindJobs)]
    assert searches[-1].origin == (24.9, 118.6) and searches[-1].trades == ("porter",)


def test_withdrawing_is_a_typed_command(conv):
    w = Worker(conv, {MyApplications(): [domain.Application(id=31, job_id=7, worker_openid="o_worker", status="applied", job=JOB)]})
    assert "myapps-list" in w.send("我的报名")
    w.send("1")
    assert "myapps-withdrawn" in w.send("1")
    assert w.typed() == [Withdraw(31)]


def test_unsubscribing_is_a_typed_command(conv):
    w = Worker(conv)
    assert w.send("退订") == ["unsubscribed"]
    assert w.typed() == [StopPushes()]
    assert w.state.get("dialog") is None


def test_the_search_is_saved_as_the_same_json_as_before():
    """Dialogs saved before the search became typed read back, and the
    text saved now is the text the older version saved (sorted keys,
    lists): a search in progress survives the upgrade either way."""
    older = json.dumps({"trades": ["porter"], "areas": [], "near": True, "date_from": "2027-02-01",
                        "date_to": None, "pay_method": "daily", "pay_min": 200, "pay_unit": "day",
                        "welfare": False, "words": ["叉车"], "origin": [24.9, 118.6]},
                       ensure_ascii=False, sort_keys=True)
    search = FindJobs.from_json(older)
    assert search == FindJobs(trades=("porter",), near=True, date_from="2027-02-01", pay_method="daily",
                              pay_min=200, pay_unit="day", words=("叉车",), origin=(24.9, 118.6))
    assert search.to_json() == older
    assert hash(search) == hash(FindJobs.from_json(search.to_json()))


def test_a_worker_leaving_the_place_or_the_work_open_is_searched_for_not_asked_again(conv):
    w = Worker(conv)
    w.found = {"results": [], "jobs": {}, "widened": None}
    assert "find-nothing" in w.send("丰泽有没有搬运的活")
    ids = w.send("泉州哪里都行")
    assert "find-say-what" not in ids and "find-searched" in ids, ids
    searches = [k for k in w.asked if isinstance(k, FindJobs)]
    assert (searches[-1].trades, searches[-1].areas) == (("porter",), ()), "the same work, anywhere"
    w.send("什么活都行")
    last = [k for k in w.asked if isinstance(k, FindJobs)][-1]
    assert (last.trades, last.areas) == ((), ()), "any work, anywhere"
    # Days are not places: "every day is fine" leaves the day open, nothing else.
    w.send("明天丰泽的搬运")
    dated = [k for k in w.asked if isinstance(k, FindJobs)][-1]
    assert dated.date_from is not None
    ids = w.send("每天都行")
    assert ids[0] == "find-open-day" and "find-searched" in ids, ids
    last = [k for k in w.asked if isinstance(k, FindJobs)][-1]
    assert (last.trades, last.areas, last.date_from, last.date_to) == (("porter",), ("fengze",), None, None)
    ids = w.send("随便哪天")
    assert ids[0] == "find-open-day", "'any which day' is about days, not places"
    assert [k for k in w.asked if isinstance(k, FindJobs)][-1].areas == ("fengze",)


def test_a_yes_or_a_no_to_the_results_is_understood(conv):
    """Found in ./dev chat: "对的" and "好的" after the results were "say
    what work" three times, and the search gave up."""
    w = Worker(conv)
    w.found = {"results": [[7, 1.2], [8, 3.0]], "jobs": {}, "widened": None}
    w.store[JobsByIds((7, 8))] = {7: JOB, 8: JOB}
    w.send("丰泽有没有搬运的活")
    for word in ("好的", "对的", "要的"):
        ids = w.send(word)
        assert ids[0] == "find-said-yes" and "find-searched" in ids, (word, ids)
    assert w.state["dialog"]["state"] == "results", "not a miss: the search goes on"
    ids = w.send("不要")
    assert ids[0] == "find-said-no" and w.state["dialog"]["state"] == "results"
    # One job found: "OK" is that job.
    w = Worker(conv)
    w.send("丰泽有没有搬运的活")
    ids = w.send("好的")
    assert "job-detail-actions" in ids or w.state["dialog"]["state"] == "detail", ids
    # Nothing found: "OK" takes the offer of a notice.
    w = Worker(conv)
    w.found = {"results": [], "jobs": {}, "widened": None}
    assert "find-alert-offer" in w.send("丰泽有没有搬运的活")
    ids = w.send("好的")
    assert "find-alert-set" in ids
    assert [c for c in w.typed() if isinstance(c, AddJobAlert)] == [AddJobAlert(("porter",), ("fengze",))]


def test_either_is_fine_at_the_first_question_searches_every_open_job(conv):
    w = Worker(conv, {WorkerProfile(): None})
    assert "find-ask-what" in w.send("我想找活干")
    ids = w.send("随便")
    assert "find-say-what" not in ids and "find-searched" in ids, ids
    last = [k for k in w.asked if isinstance(k, FindJobs)][-1]
    assert (last.trades, last.areas, last.near) == ((), (), False)


def test_a_filter_asked_of_the_results_narrows_the_same_search_and_is_said_back(conv):
    """Found in ./dev chat: "有没有日结的" after "在南安 啥都能干" searched
    every area ("找的是：各种活。"), and "日结" was not said back at all."""
    w = Worker(conv)
    w.found = {"results": [], "jobs": {}, "widened": None}
    w.send("我想找个活干 在南安 啥都能干")
    last = lambda: [k for k in w.asked if isinstance(k, FindJobs)][-1]   # noqa: E731
    ids = w.send("有没有日结的")
    assert "find-searched" in ids and (last().areas, last().pay_method) == (("nanan",), "daily")
    assert "日结" in w.text and "南安" in w.text, w.text
    w.send("两百以上的呢")
    assert (last().areas, last().pay_method, last().pay_min, last().pay_unit) == (("nanan",), "daily", 200, "day")
    assert "200元/天以上" in w.text, w.text
    w.send("明天的")
    assert last().date_from is not None and last().pay_min == 200 and last().areas == ("nanan",)
    # Another place: the same search there. Work and place both said: a new search.
    w.send("丰泽的呢")
    assert (last().areas, last().pay_method, last().pay_min) == (("fengze",), "daily", 200)
    w.send("搬运")
    assert (last().trades, last().areas) == (("porter",), ("fengze",)), "the work said, the place kept"
    w.send("晋江的普工")
    assert (last().trades, last().areas, last().pay_method) == (("factory_worker",), ("jinjiang",), None)


def test_a_number_when_nothing_was_found_says_there_is_nothing_to_pick(conv):
    """Found in ./dev chat: "1" after "现在没有找到这样的活" got "请回复数字 1"."""
    w = Worker(conv)
    w.found = {"results": [], "jobs": {}, "widened": None}
    w.send("丰泽的搬运")
    ids = w.send("1")
    assert ids[0] == "find-nothing-to-pick" and "pick-a-number" not in ids, ids


def test_a_name_or_a_spoken_phone_at_the_applys_consent_is_told_to_agree_first(conv):
    """Found in ./dev chat: "王建国", then "一三九零五九五一二三四" at the
    consent before applying were each "没看懂" (the search's own asides hid
    the consent's), a third would have ended it. Nothing is kept before the
    consent, and they are no miss."""
    w = Worker(conv, {WorkerProfile(): None})
    w.send("丰泽有没有搬运的活")
    w.send("1")
    assert "apply-consent" in w.send("报名")
    for said in ("王建国", "一三九零五九五一二三四", "老王 13905958888", "王建国"):
        ids = w.send(said)
        assert ids[0] == "consent-first" and "apply-consent" in ids, (said, ids)
        assert not {"name", "phone"} & set(w.state["dialog"]["slots"]), w.state["dialog"]["slots"]
    w.send("同意")
    w.send("王建国")
    assert "applied" in w.send("一三九零五九五一二三四")


def test_pay_or_sign_up_with_nothing_found_says_so_and_at_a_list_asks_which(conv):
    """Found in ./dev chat: "多少钱一天" and "报名" after "现在没有找到这样的活"
    were each "请说想干什么活", and with "第一个" the search gave up."""
    w = Worker(conv)
    w.found = {"results": [], "jobs": {}, "widened": None}
    w.send("南安有没有泥水工的活")
    for said in ("多少钱一天", "报名", "我要去"):
        ids = w.send(said)
        assert ids[0] == "find-nothing-yet" and w.state["dialog"]["tries"] == 0, (said, ids)
    assert "通知我" in w.text     # the list's own offer, shown again below
    w = Worker(conv)
    w.send("丰泽有没有搬运的活")
    ids = w.send("报名")
    assert ids[0] == "find-said-yes" and "job-line" in ids and w.state["dialog"]["tries"] == 0, ids


def test_how_much_at_the_results_says_where_each_pay_is_and_is_no_miss(conv):
    """Found in ./dev chat: "一天多少钱" at a list of jobs was "请说想干什么活、在哪里"."""
    w = Worker(conv)
    w.send("丰泽有没有搬运的活")
    for said in ("一天多少钱", "这个活多少钱", "多少钱"):
        ids = w.send(said)
        assert ids[0] == "find-pay-shown" and "job-line" in ids, (said, ids)
    assert "元/天" in w.text
    assert any(i.startswith("job-detail") for i in w.send("1"))


@pytest.mark.parametrize("asked", ["这个活在哪里", "在哪", "地址在哪"])
def test_where_is_this_job_at_its_detail_is_its_place_and_the_job_stays(conv, asked):
    """Found in ./dev chat: "这个活在哪里" at a job's detail left the job for
    the markets' district question."""
    w = Worker(conv)
    w.send("丰泽有没有搬运的活")
    w.send("1")
    assert w.state["dialog"]["state"] == "detail"
    ids = w.send(asked)
    assert ids[0] == "job-detail-place" and "job-detail-actions" in ids, ids
    assert w.state["dialog"]["state"] == "detail" and "markets-ask-area" not in ids
    assert "job-detail" not in ids   # the place and the choice, not the whole job a second time
    w.send("2")   # the job's choice still stands: back to the list
    assert w.state["dialog"]["state"] == "results"


@pytest.mark.parametrize("said, meals, lodging", [("有没有包吃住的", True, True), ("有宿舍的活吗", False, True),
                                                  ("包吃的活", True, False)])
def test_a_worker_asking_for_meals_or_a_bed_gets_a_search_by_them(conv, said, meals, lodging):
    """Found in ./dev chat: "有没有包吃住的" was "say what work" (the search had
    no such filter), and at the first message "not understood"."""
    w = Worker(conv)
    w.found = {"results": [], "jobs": {}, "widened": None}
    ids = w.send(said)
    assert ids[:2] == ["find-searched", "find-nothing"], ids
    [search] = [k for k in w.asked if isinstance(k, FindJobs)]
    assert (search.meals, search.lodging) == (meals, lodging)
    board = "包吃住" if meals and lodging else "包吃" if meals else "包住"
    assert f"找的是：各种活，{board}。" in w.text, w.text


def test_meals_or_a_bed_asked_at_the_results_narrow_the_same_search(conv):
    w = Worker(conv)
    w.found = {"results": [], "jobs": {}, "widened": None}
    last = lambda: [k for k in w.asked if isinstance(k, FindJobs)][-1]   # noqa: E731
    w.send("晋江找普工")
    assert (last().meals, last().lodging) == (False, False)
    w.send("要包吃的")
    assert (last().trades, last().areas, last().meals, last().lodging) == \
        (("factory_worker",), ("jinjiang",), True, False)
    w.send("包住吗")
    assert (last().trades, last().areas, last().meals, last().lodging) == \
        (("factory_worker",), ("jinjiang",), True, True)
    assert "找的是：普工，晋江市，包吃住。" in w.text, w.text
    # Saved with the dialog and read back the same.
    assert FindJobs.from_json(last().to_json()) == last()


def test_notify_me_after_a_search_by_meals_and_a_bed_keeps_them_in_the_alert(conv):
    w = Worker(conv)
    w.found = {"results": [], "jobs": {}, "widened": None}
    w.send("有没有包吃住的")
    ids = w.send("通知我")
    assert "find-alert-set" in ids, ids
    assert [c for c in w.typed() if isinstance(c, AddJobAlert)] == [AddJobAlert((), (), meals=True, lodging=True)]


@pytest.fixture(scope="module")
def conv_with_policies():
    from bot.app import policy_base

    refdata, nlu = language_resources()
    return Conversation(nlu, refdata, policies=policy_base())


def test_better_paid_asked_at_the_results_orders_the_same_search_and_is_no_wages_question(conv_with_policies):
    """Found in ./dev chat: "有没有工资高一点的" while looking was answered with
    what to do about unpaid wages (the policy desk read "工资")."""
    w = Worker(conv_with_policies)
    w.found = {"results": [], "jobs": {}, "widened": None}
    last = lambda: [k for k in w.asked if isinstance(k, FindJobs)][-1]   # noqa: E731
    w.send("丰泽的搬运")
    ids = w.send("有没有工资高一点的")
    assert ids[0] == "find-searched" and not any(i.startswith("policy") for i in ids), ids
    assert (last().trades, last().areas, last().pay_first) == (("porter",), ("fengze",), True)
    assert "工钱高的在前" in w.text


def test_better_paid_as_a_first_message_searches_what_the_worker_registered_for(conv_with_policies):
    w = Worker(conv_with_policies)
    w.found = {"results": [], "jobs": {}, "widened": None}
    ids = w.send("有没有工资高一点的")
    assert ids[0] == "find-searched", ids
    [search] = [k for k in w.asked if isinstance(k, FindJobs)]
    assert (search.trades, search.areas, search.pay_first) == (("porter",), ("fengze",), True)


@pytest.mark.parametrize("said, areas", [("我在丰泽", ("fengze",)), ("陈埭", ("jinjiang",))])
def test_a_place_said_at_the_location_question_is_searched_there(conv, said, areas):
    w = Worker(conv, {WorkerProfile(): None})
    w.found = {"results": [], "jobs": {}, "widened": None}
    assert w.send("附近有搬运的活吗")[0] == "find-ask-location"
    ids = w.send("还有别的吗")
    assert ids[:2] == ["find-location-or-place", "find-ask-location"], ids
    ids = w.send(said)
    assert ids[0] == "find-searched", ids
    search = [k for k in w.asked if isinstance(k, FindJobs)][-1]
    assert (search.trades, search.areas, search.near) == (("porter",), areas, False)


def test_notify_me_after_a_search_for_daily_pay_keeps_it_in_the_alert(conv):
    """Since an alert without work or places tells of any job, the pay asked
    for is kept too: "有没有日结的", "通知我" is not every new job."""
    w = Worker(conv)
    w.found = {"results": [], "jobs": {}, "widened": None}
    w.send("南安有没有日结两百以上的")
    w.send("通知我")
    [alert] = [c for c in w.typed() if isinstance(c, AddJobAlert)]
    assert (alert.trades, alert.areas, alert.pay_method, alert.pay_min, alert.pay_unit) == \
        ((), ("nanan",), "daily", 200, "day")


def test_where_asked_at_the_results_says_where_each_line_shows_it_and_stays(conv):
    """Found in ./dev chat: "在哪里" at a list of jobs left the search for the
    markets' district question."""
    w = Worker(conv)
    w.send("丰泽有没有搬运的活")
    ids = w.send("在哪里")
    assert ids[0] == "find-place-shown" and "job-line" in ids, ids
    assert "回复它前面的编号" in w.text
    # A place said is another search, not this answer.
    assert w.send("晋江的在哪里")[0] == "find-searched"
