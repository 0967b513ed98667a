"""A summary to confirm (registration, a job post, a complaint): its lines
are numbered from 1, a yes or a save word saves, the number of a line
asks that line again, and a "not" beside a save word does not save."""
import re

import pytest

from bot.engine.answers import SAVE, summary_answer
from bot.engine.dialog import Turn
from bot.i18n import Catalog
from bot.features.post_job.dialog import job_vars
from bot.features.register.dialog import profile_vars
from tests.unit.test_conversation import User, conv  # noqa: F401  (the fixture)

FIELDS = ["name", "phone", "areas"]


class Ctx:
    def __init__(self, nlu):
        self.nlu = nlu


@pytest.mark.parametrize("said", ["对", "对的", "好", "保存", "没问题 发布吧", "都对", "不用改", "确认提交", "yes",
                                  "looks good", "post it"])
def test_a_yes_or_a_save_word_saves(conv, said):
    assert summary_answer(Ctx(conv.nlu), Turn(text=said, raw_text=said), FIELDS) == SAVE


@pytest.mark.parametrize("said,field", [("1", "name"), ("2", "phone"), ("三", "areas"), ("第二", "phone")])
def test_the_number_of_a_line_is_that_line_numbered_from_1(conv, said, field):
    assert summary_answer(Ctx(conv.nlu), Turn(text=said, raw_text=said), FIELDS) == field


@pytest.mark.parametrize("said", ["不发布了", "电话不对", "先不提交", "don't post", "not right", "4", "0", "你好", "要3个人"])
def test_a_not_beside_a_save_word_or_a_line_that_is_not_there_does_not_save(conv, said):
    assert summary_answer(Ctx(conv.nlu), Turn(text=said, raw_text=said), FIELDS) is None


def _line_numbers(text):
    return [int(n) for n in re.findall(r"^\s*(\d+)\. ", text, re.M)]


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_summary_is_numbered_from_1_without_a_gap(conv, locale):
    cat = Catalog()
    refdata = conv.refdata
    worker = {"name": "老王", "phone": "13905951234", "areas": ["350503"], "trades": []}
    job = {"trades": [], "area": None, "date": "2026-12-06", "days": 1, "time": {"start": "08:00", "end": "17:00"},
           "pay": {"min": 200, "unit": "day"}, "method": "daily", "headcount": 3, "phone": "13905951234"}
    shown = {
        "reg-summary": cat.text(locale, "reg-summary", **profile_vars(worker, refdata)),
        "post-summary": cat.text(locale, "post-summary", **job_vars(job, refdata)),
        "complaint-summary": cat.text(locale, "complaint-summary", kind="wages", job="-", what="x", photos=0,
                                      voices=0, phone="none"),
    }
    for msg_id, text in shown.items():
        numbers = _line_numbers(text)
        assert numbers == list(range(1, len(numbers) + 1)) and numbers, (msg_id, text)


def test_a_worker_saves_the_summary_in_words_and_changes_line_1_by_its_number(conv):
    u = User(conv)
    for said in ("我要登记", "同意"):
        u.send(said)
    state = u.state["dialog"]
    assert state["name"] == "register"
    # Walk the questions with their first option until the summary.
    ids = []
    answers = {"reg-ask-name": "老王", "reg-ask-phone": "13905951234", "reg-ask-age": "1970",
               "reg-ask-areas": "丰泽", "reg-ask-trades": "小工", "reg-ask-skills": "无", "reg-ask-pay": "200",
               "reg-ask-show-phone": "1", "reg-ask-days": "1", "reg-ask-hours": "1", "reg-ask-method": "1",
               "reg-ask-push": "2"}
    ids, _ = u.send("老王")
    for _ in range(15):
        pending = [a for a in answers if a in ids]
        if not pending:
            break
        ids, _ = u.send(answers[pending[0]])
    assert "reg-summary" in ids
    ids, _ = u.send("1")
    assert "reg-ask-name" in ids, "line 1 is the name"
    ids, _ = u.send("王师傅")
    assert "reg-summary" in ids
    ids, _ = u.send("对的")
    assert "reg-saved" in ids
