"""A search says back what it understood before its results, found or
not ("找的是：厨师 / 帮厨，鲤城区"), so a worker sees a misreading at once."""
from tests.unit.test_conversation import User, conv  # noqa: F401  (the fixture)


def _searched(out):
    [said] = [s for s in out.out if s.id == "find-searched"]
    return said.vars


def test_nothing_found_still_says_what_was_looked_for(conv):
    u = User(conv)
    ids, out = u.send("鲤城有没有做饭的活")
    assert ids[:2] == ["find-searched", "find-nothing"], ids
    v = _searched(out)
    assert v["what"] == "厨师 / 帮厨" and v["where"] == "鲤城区" and v["month"] == 0


def test_a_day_and_the_english_names_are_said_back(conv):
    u = User(conv)
    u.send("English")
    ids, out = u.send("cleaning work in Jinjiang tomorrow")
    v = _searched(out)
    assert v["what"] == "Cleaner" and v["where"] == "Jinjiang City" and v["month"] > 0, v


def test_the_text_reads_as_a_sentence(conv):
    from bot.i18n import Catalog
    cat = Catalog()
    none = {"method": "none", "pay_min": "none", "pay_unit": "day"}
    assert cat.text("zh_CN", "find-searched", what="搬运工", where="丰泽区", month=12, day=7, range="no", **none) == \
        "找的是：搬运工，丰泽区，12月7日。"
    assert cat.text("zh_CN", "find-searched", what="any", where="near", month=0, day=0, range="no", **none) == \
        "找的是：各种活，你附近。"
    assert cat.text("zh_CN", "find-searched", what="any", where="南安市", month=0, day=0, range="no",
                    method="daily", pay_min=200, pay_unit="day") == "找的是：各种活，南安市，日结，200元/天以上。"
    assert cat.text("en", "find-searched", what="any", where="Nan'an City", month=0, day=0, range="no",
                    method="hourly", pay_min=25, pay_unit="hour") == \
        "Looking for: any work, Nan'an City, paid by the hour, 25 yuan per hour or more."
    assert cat.text("zh_CN", "find-searched", what="any", where="none", month=0, day=0, range="no", board="both",
                    **none) == "找的是：各种活，包吃住。"
    assert cat.text("en", "find-searched", what="any", where="none", month=0, day=0, range="no", board="lodging",
                    **none) == "Looking for: any work, with a bed."
