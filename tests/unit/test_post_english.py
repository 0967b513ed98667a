"""Job posts in English mode on a par with Chinese ones (issue 13, item 6),
and what posts say about who is hiring and in what words.

Seen before: in English mode "hiring 2 movers in Fengze tomorrow 200 a day
8am to 5pm call 13905951234 Mr Chen" was read without the trade, the head
count and the contact, and the reply named "丰泽区"; the lists of areas were
in Chinese; "晋江鸿星鞋厂招普工 ..." was asked the company's name; after the
head count was changed at the summary (3 -> 5) the notes still said "招3个"."""
from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.app import content_rules, language_resources
from bot.features.post_job.messages import PublishJob
from bot.i18n import Catalog
from bot.language import parsing
from bot.language.query import parse_query
from bot.turn.conversation import Conversation
from tests.unit.test_post_job import User

CAT = Catalog()
TODAY = date(2026, 12, 3)  # a Thursday
MOVERS = "hiring 2 movers in Fengze tomorrow 200 a day 8am to 5pm call 13905951234 Mr Chen"
CLEANERS = "need 3 cleaners Jinjiang this Saturday, 150 yuan per day"


@pytest.fixture(scope="module")
def conv():
    refdata, nlu = language_resources()
    return Conversation(nlu, refdata, rules=content_rules())


@pytest.fixture(scope="module")
def ref():
    return language_resources()[0]


def english(conv):
    u = User(conv)
    u.send("English")
    return u


def en(out) -> str:
    return CAT.render("en", out.out)


def published(u) -> list[PublishJob]:
    return [c for c in u.commands if isinstance(c, PublishJob)]


def tomorrow(u) -> str:
    return (datetime.fromtimestamp(u.now, ZoneInfo("Asia/Shanghai")).date() + timedelta(days=1)).isoformat()


# ---- reading an English post ------------------------------------------------

def test_the_english_post_of_the_issue_is_read_whole(ref):
    f = parsing.parse_post(MOVERS, ref, TODAY)
    assert f.trades == ("mover",) and f.area == "fengze" and f.start_date == date(2026, 12, 4)
    assert (f.start_time, f.end_time) == ("08:00", "17:00") and f.pay == parsing.Pay(200, 200, "day")
    assert f.headcount == 2 and f.phone == "13905951234" and f.contact_name == "Mr Chen"


def test_a_second_english_post_is_read_whole(ref):
    f = parsing.parse_post(CLEANERS, ref, TODAY)
    assert f.trades == ("cleaner",) and f.area == "jinjiang" and f.start_date == date(2026, 12, 5)
    assert f.headcount == 3 and f.pay == parsing.Pay(150, 150, "day")


@pytest.mark.parametrize("said,day", [
    ("tomorrow", date(2026, 12, 4)), ("the day after tomorrow", date(2026, 12, 5)),
    ("Saturday", date(2026, 12, 5)), ("Dec 8", date(2026, 12, 8)), ("December 8th", date(2026, 12, 8)),
    ("8 Dec", date(2026, 12, 8)), ("the 10th of December", date(2026, 12, 10)), ("Jan 5", date(2027, 1, 5)),
])
def test_english_dates(said, day):
    assert parsing.parse_date(said, TODAY) == day


@pytest.mark.parametrize("said,hours", [("8am to 5pm", ("08:00", "17:00")), ("8:00-17:00", ("08:00", "17:00")),
                                        ("7:30am to 6pm", ("07:30", "18:00"))])
def test_english_hours(said, hours):
    assert parsing.parse_time_range(said) == hours


def test_a_pay_right_after_the_hours_is_no_minutes():
    assert parsing.parse_time_range("10am to 2pm 180 a day") == ("10:00", "14:00")


@pytest.mark.parametrize("said,pay", [("200 a day", (200, "day")), ("25 an hour", (25, "hour")),
                                      ("150 yuan/day", (150, "day")), ("180 yuan per day", (180, "day"))])
def test_english_pay(said, pay):
    found = parsing.parse_pay(said)
    assert (found.min, found.unit) == pay


@pytest.mark.parametrize("said,method", [("Paid daily", "daily"), ("paid when the job is done", "on_completion"),
                                         ("piece rate, 2 yuan a pair", "piece"), ("hourly pay 25, paid monthly", "monthly")])
def test_english_pay_methods(said, method):
    assert parsing.parse_pay_method(said) == method


@pytest.mark.parametrize("said,n", [("2 movers", 2), ("3 people", 3), ("two kitchen helpers", 2),
                                    ("3 helpers and 2 cleaners", 5), ("3 days of cleaning", None),
                                    ("cleaners from 8am", None)])
def test_english_head_counts(ref, said, n):
    assert parsing.parse_headcount(said, ref) == n


@pytest.mark.parametrize("said,name", [("call 13905951234 Mr Chen", "Mr Chen"), ("ask for Ms. Li", "Ms Li"),
                                       ("mr wang 13905951234", "Mr Wang"), ("Master Zhang", "Master Zhang"),
                                       ("need a master carpenter", None)])
def test_english_contact_names(said, name):
    assert parsing.parse_contact_name(said) == name


def test_english_trade_words(ref):
    found = ref.match_trades("movers, kitchen helpers, a forklift driver and cleaners")
    assert [t.code for t in found] == ["mover", "kitchen_helper", "forklift_driver", "cleaner"]


def test_an_english_worker_search_is_read():
    q = parse_query("any cleaning work in Jinjiang tomorrow", language_resources()[0], TODAY)
    assert q.trades == ("cleaner",) and q.areas == ("jinjiang",) and q.date_from == date(2026, 12, 4)


@pytest.mark.parametrize("said,hires", [("need 3 cleaners Jinjiang", True), ("hiring two kitchen helpers", True),
                                        ("any cleaning work in Jinjiang", False), ("I need 2 days of cleaning work", False),
                                        ("I am a cleaner, 3 years", False)])
def test_a_count_of_a_trade_after_a_hiring_word_is_hiring(ref, said, hires):
    assert parsing.hires_by_trade(said, ref) is hires


# ---- the English dialog -----------------------------------------------------

def test_need_three_cleaners_is_a_post_not_a_search(conv):
    u = english(conv)
    ids, out = u.send(CLEANERS)
    assert out.intent == "post_job" and ids[0] == "post-understood", ids
    assert "hiring 3 workers (Cleaner), Jinjiang City" in en(out)


def test_the_english_post_is_understood_in_english_and_published_in_three_turns(conv):
    u = english(conv)
    ids, out = u.send(MOVERS)
    said = en(out)
    assert ("OK, I understood: hiring 2 workers (Home mover), Fengze District, tomorrow 08:00-17:00, 200 yuan/day, "
            "paid daily, contact Mr Chen.") in said, said
    assert "Still missing: the address." in said and "丰泽" not in said
    ids, out = u.send("skip")
    assert "post-summary" in ids
    said = en(out)
    assert "1. Work: Home mover" in said and "2. Area: Fengze District" in said
    ids, _ = u.send("post")
    assert "post-published" in ids
    [publish] = published(u)
    job = publish.job
    assert job.trades == ("mover",) and job.area == "fengze" and job.start_date == tomorrow(u)
    assert (job.start_time, job.end_time, job.pay_min, job.pay_unit, job.pay_method) == \
        ("08:00", "17:00", 200, "day", "daily")
    assert job.headcount == 2 and job.contact_phone == "13905951234" and job.contact_name == "Mr Chen"
    assert (publish.employer.kind, publish.employer.name) == ("person", "Mr Chen")


def test_every_posting_question_takes_an_english_answer(conv):
    u = english(conv)
    u.send("I want to hire workers")
    for answer, asked_next in [("movers", "post-ask-area"), ("Jinjiang", "post-ask-address"),
                               ("skip", "post-ask-date"), ("Jan 20", "post-ask-time"),
                               ("8:00-17:00", "post-ask-pay"), ("25 an hour", "post-ask-headcount"),
                               ("3 people", "post-ask-employer-name"), ("Ms Li", "post-ask-phone"),
                               ("13905951234", "post-summary")]:
        ids, out = u.send(answer)
        assert asked_next in ids, (answer, ids)
    u.send("post")
    [publish] = published(u)
    job = publish.job
    assert job.trades == ("mover",) and job.area == "jinjiang" and job.start_date == "2027-01-20"
    assert (job.pay_min, job.pay_unit, job.pay_method, job.headcount) == (25, "hour", "hourly", 3)
    assert publish.employer.name == "Ms Li"


def test_the_areas_are_listed_in_english(conv):
    u = english(conv)
    u.send("I want to hire workers")
    ids, out = u.send("cleaners")
    said = en(out)
    assert "1. Licheng District" in said and "6. Jinjiang City" in said and "鲤城" not in said


def test_the_areas_are_still_listed_in_chinese_in_chinese_mode(conv):
    u = User(conv)
    u.send("中文")   # chosen: English words later do not switch the language
    u.send("I want to hire workers")
    ids, out = u.send("保洁")
    assert "1. 鲤城区" in CAT.render("zh_CN", out.out)


def test_an_english_post_with_a_chinese_unlawful_phrase_is_refused(conv):
    u = english(conv)
    ids, out = u.send("hiring 2 cleaners in Fengze tomorrow 150 a day 只要女的 call 13905951234")
    assert ids[0] == "post-refused", ids
    [hit] = [s.vars for s in out.out if s.id == "rule-hit"]
    gender = next(r for r in conv.rules.rules if r.id == "gender-limit")
    assert hit["why"] == gender.why["en"]
    assert published(u) == []


# ---- a whole post as the answer to a question ----------------------------------

@pytest.mark.parametrize("opening,message,locale", [
    ("我要招人", "明天丰泽区搬家要3个小工，日结200，早上8点到下午5点，电话13812345678 陈师傅", "zh"),
    ("I want to hire workers", MOVERS, "en"),
])
def test_a_whole_post_after_i_want_to_hire_is_read_whole(conv, opening, message, locale):
    u = english(conv) if locale == "en" else User(conv)
    ids, _ = u.send(opening)
    assert "post-ask-trade" in ids
    ids, out = u.send(message)
    assert ids[:3] == ["post-understood", "post-missing", "post-ask-address"], ids
    assert u.state["dialog"]["slots"]["headcount"] in (2, 3) and u.state["dialog"]["slots"]["phone"]


def test_a_new_post_at_a_question_replaces_the_first_one(conv):
    u = english(conv)
    u.send("hiring 3 porters tmr fengze 250/day 7:30-17:30 13905951234 ms wang")
    ids, out = u.send("Need 5 workers in Jinjiang on Jan 20, 180 yuan a day, 8am-6pm, call Mr Lin 13905951234")
    assert ids[:3] == ["post-understood", "post-missing", "post-ask-address"], ids
    ids, out = u.send("skip")
    said = en(out)
    assert "2. Area: Jinjiang City" in said and "9. Workers: 5" in said and "7. Pay: 180 yuan/day" in said, said
    assert "12. Employer: Mr Lin (for myself)" in said and "Ms Wang" not in said


def test_an_address_is_still_an_address(conv):
    u = User(conv)
    u.send("明天丰泽区搬家要3个小工，日结200，早上8点到下午5点，电话13812345678 陈师傅")
    ids, out = u.send("丰泽区东海街道刺桐路168号3栋")
    assert "post-summary" in ids and "post-understood" not in ids


# ---- a company named in the post -------------------------------------------

@pytest.mark.parametrize("message,name", [
    ("晋江鸿星鞋厂招普工5名，日结200，明天早上8点到下午5点，陈埭镇工业区，电话13905951234", "晋江鸿星鞋厂"),
    ("阿明饭店招服务员2名，日结150，明天早上10点到下午2点，丰泽区东湖街道，电话13905951234", "阿明饭店"),
    ("Hongxing Shoe Factory is hiring 5 workers in Jinjiang, tomorrow 8am to 5pm, 200 a day, 13905951234",
     "Hongxing Shoe Factory"),
])
def test_a_company_named_in_the_post_is_the_employer_and_not_asked(conv, message, name):
    u = User(conv)
    ids, _ = u.send(message)
    for _ in range(4):
        assert "post-ask-company-name" not in ids and "post-ask-employer-name" not in ids, ids
        if "post-ask-credit" in ids:
            ids, _ = u.send("跳过")  # the credit code stays skippable
        elif "post-ask-trade" in ids:
            ids, _ = u.send("普工")
        elif "post-ask-address" in ids:
            ids, _ = u.send("跳过")
        else:
            break
    assert "post-summary" in ids, ids
    u.send("发布")
    [publish] = published(u)
    assert (publish.employer.kind, publish.employer.name, publish.employer.credit_code) == ("company", name, None)


@pytest.mark.parametrize("message", ["明天晋江鞋厂招普工2名", "晋江陈埭镇鞋厂招普工5名", "本公司招普工"])
def test_a_factory_without_a_name_is_no_employer_name(ref, message):
    assert parsing.parse_post(message, ref, TODAY).employer is None


# ---- the notes never contradict the lines above ------------------------------

POST = "明天丰泽区搬家要3个小工，日结200，包午饭，要能吃苦，早上8点到下午5点，电话13812345678 陈师傅"


def test_a_changed_head_count_takes_the_old_one_out_of_the_notes(conv):
    u = User(conv)
    u.send(POST)
    ids, out = u.send("东海街道滨海小区")
    # "明天" in the notes is written as the day it meant (the users' clock is 2027-01-15).
    assert "说明：1月16日丰泽区搬家要3个小工，日结200，包午饭，要能吃苦，早上8点到下午5点，陈师傅" in CAT.render("zh_CN", out.out)
    u.send("9")
    ids, out = u.send("5")
    said = CAT.render("zh_CN", out.out)
    assert ids[0] == "post-description-trimmed", ids
    assert "9. 人数：5 人" in said and "说明：日结200，包午饭，要能吃苦，早上8点到下午5点，陈师傅" in said, said
    u.send("发布")
    [publish] = published(u)
    assert publish.job.headcount == 5 and "3个" not in publish.job.description
    assert "包午饭" in publish.job.description


def test_a_change_the_notes_do_not_speak_of_leaves_them_as_written(conv):
    u = User(conv)
    u.send(POST)
    u.send("东海街道滨海小区")
    ids, out = u.send("干两天")
    assert "post-description-trimmed" not in ids and "5. 干几天：2 天" in CAT.render("zh_CN", out.out)
    u.send("发布")
    [publish] = published(u)
    assert publish.job.days == 2 and publish.job.description.startswith("1月16日丰泽区搬家要3个小工")


def test_notes_the_post_was_read_from_are_kept_whole(conv):
    # "to the 15th" read alone is a start day other than tomorrow: only a change of the post takes parts out.
    u = User(conv)
    u.send("明天开工，干到15号，丰泽区搬家要3个小工，日结200，早上8点到下午5点，电话13812345678 陈师傅")
    ids, out = u.send("东海街道滨海小区")
    assert "post-summary" in ids and "post-description-trimmed" not in ids
    assert "干到15号" in CAT.render("zh_CN", out.out)


def test_an_english_note_loses_only_the_part_that_changed(conv):
    u = english(conv)
    u.send("hiring 2 movers in Fengze tomorrow, 200 a day, lunch provided, 8am to 5pm, call 13905951234 Mr Chen")
    u.send("skip")
    ids, out = u.send("pay 250")
    said = en(out)
    assert "post-description-trimmed" in ids and "7. Pay: 250 yuan/day" in said
    assert "Notes: hiring 2 movers in Fengze tomorrow, lunch provided, 8am to 5pm, Mr Chen" in said, said


@pytest.mark.parametrize("post,rule", [
    ("Movers wanted, men only, 200 a day, call 13905951234", "men only"),
    ("Hiring typists to work from home, pay a deposit of 300 yuan first for materials", "pay a deposit"),
    ("Security guards in Shishi, locals only, 180 a day", "locals only"),
])
def test_an_unlawful_english_post_is_refused_in_the_first_reply_in_english_mode(conv, post, rule):
    # The content rules read English too (bot/data/content_rules.json), as the Chinese ones do.
    u = User(conv)
    u.send("English")
    ids, out = u.send(post)
    assert ids[0] == "post-refused", (post, ids)
    said = CAT.render("en", out.out)
    assert rule in said.lower(), said


@pytest.mark.parametrize("first", ["hello", "I need 2 cleaners tomorrow in Fengze", "any forklift jobs in Jinjiang", "hello there"])
def test_someone_writing_english_is_answered_in_english(conv, first):
    u = User(conv)
    ids, out = u.send(first)
    assert ids[0] == "language-switched" and u.state["locale"] == "en", ids
    assert "中文" in CAT.render("en", out.out[:1]), "the way back is said"


@pytest.mark.parametrize("text", ["ok", "laowang", "fengze", "lao wang", "AAA0AA", "13905951234"])
def test_a_word_in_pinyin_or_ok_does_not_switch_the_language(conv, text):
    u = User(conv)
    u.send(text)
    assert u.state["locale"] == "zh_CN"


def test_english_answers_inside_a_dialog_or_after_choosing_chinese_do_not_switch(conv):
    u = User(conv)
    u.send("我要招人")
    ids, _ = u.send("cleaners for the hotel")
    assert u.state["locale"] == "zh_CN" and "language-switched" not in ids
    chose = User(conv, openid="o_chose")
    chose.send("中文")
    chose.send("hello there")
    assert chose.state["locale"] == "zh_CN"
    switched = User(conv, openid="o_switched")
    switched.send("hello")
    switched.send("中文")
    switched.send("I want to find work")
    assert switched.state["locale"] == "zh_CN", "switched back by choice: it stays"


def test_a_count_in_english_words_is_a_post_too(conv):
    # Seen before: "I need two workers to move furniture on Sunday" was not
    # understood at all ("need 2 workers" was a post; number words were not read).
    u = english(conv)
    ids, out = u.send("I need two workers to move furniture on Sunday")
    assert out.intent == "post_job" and ids[0] == "post-understood", ids
    assert "hiring 2 workers (Home mover)" in en(out)
    ids, out = english(conv).send("need a few helpers tomorrow in Fengze")
    assert out.intent == "post_job"
    _, out = english(conv).send("I need one day of work")
    assert out.intent != "post_job"
