"""Features' own data files (ratings.json, courses.json), read and checked
at start: what each side of a rating picks from, and a broken file named in
one line (file and key) instead of a failure later, in the middle of
someone's rating or sign-up."""
import json

import pytest

from bot import DATA_DIR
from bot.features.ratings.rules import RatingRules
from bot.language.words import WordsError


def test_the_shipped_file_gives_each_rater_the_other_sides_tags():
    rules = RatingRules.load()
    assert [t.code for t in rules.tags_for("worker")] == [t.code for t in rules.employer_tags]
    assert [t.code for t in rules.tags_for("employer")] == [t.code for t in rules.worker_tags]
    assert "unpaid" in rules.flagged and "paid" not in rules.flagged
    assert rules.tags_for("worker")[0].text("zh_CN") != rules.tags_for("worker")[0].text("en")
    assert rules.low_average_min_count >= 1 and rules.low_average > 0


def _write(tmp_path, **change):
    doc = json.loads((DATA_DIR / "ratings.json").read_text(encoding="utf-8"))
    doc.update(change)
    (tmp_path / "ratings.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize("change, where", [
    ({"worker_tags": [{"code": "on_time", "zh": "准时"}]}, "ratings.json.worker_tags[1]"),
    ({"employer_tags": [{"code": "a", "zh": "甲", "en": "a"}, {"code": "a", "zh": "乙", "en": "b"}]},
     "ratings.json.employer_tags"),
    ({"insults": "傻逼"}, "ratings.json.insults"),
    ({"low_average": "2.5"}, "ratings.json.low_average"),
    ({"low_average_min_count": 2.5}, "ratings.json.low_average_min_count"),
])
def test_a_broken_file_is_named_with_the_key_at_fault(tmp_path, change, where):
    with pytest.raises(WordsError, match=where.replace(".", r"\.").replace("[", r"\[")):
        RatingRules.load(_write(tmp_path, **change))


def test_insults_are_compared_as_comments_are_read(tmp_path):
    rules = RatingRules.load(_write(tmp_path, insults=["ＳＢ"]))
    assert rules.insults == ("sb",)


async def test_a_broken_ratings_file_stops_the_start_with_one_line(monkeypatch, tmp_path):
    from aiohttp import web

    from bot import app as app_module
    from bot.features.ratings import rules
    from bot.settings import Settings

    broken = _write(tmp_path, low_average="low")
    real = rules.RatingRules.load.__func__   # the app reads bot/data/: here it reads the broken copy
    monkeypatch.setattr(rules.RatingRules, "load", classmethod(lambda cls, data_dir=None: real(cls, broken)))
    app = web.Application()
    app[app_module.SETTINGS] = Settings()
    with pytest.raises(app_module.StartError, match=r"a data file is wrong: ratings\.json\.low_average"):
        await app_module._resources(app, start_sender=False).__anext__()


async def test_a_broken_course_file_stops_the_start_with_one_line_naming_the_course(monkeypatch, tmp_path):
    from aiohttp import web

    from bot import app as app_module
    from bot.services import courses
    from bot.settings import Settings

    doc = json.loads((DATA_DIR / "courses.json").read_text(encoding="utf-8"))
    del doc["courses"][0]["capacity"]
    (tmp_path / "courses.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    monkeypatch.setattr(courses, "DATA_DIR", tmp_path)
    app = web.Application()
    app[app_module.SETTINGS] = Settings()
    code = doc["courses"][0]["code"]
    with pytest.raises(app_module.StartError, match=rf"a data file is wrong: courses\.json course 1 \({code}\): "
                                                    r"missing capacity"):
        await app_module._resources(app, start_sender=False).__anext__()
