"""In English mode the places and trades a user reads are in English:
the registration summary and the job lines of a search; Chinese users
read them in Chinese, as before."""
from bot.features.find_work.dialog import line_vars
from tests.unit.test_conversation import User, conv  # noqa: F401  (the fixture)
from tests.unit.test_find_work import JOB


def _summary(u):
    return next(s for s in u.last.out if s.id == "reg-summary")


def _register(u, *answers):
    for said in answers:
        _, u.last = u.send(said)


def test_an_english_registration_summary_names_the_area_and_trade_in_english(conv):
    u = User(conv)
    _register(u, "English", "register", "yes", "Lao Wang", "13905951234", "movers", "Fengze")
    v = _summary(u).vars
    assert v["areas"] == "Fengze District" and v["trades"] == "Home mover", v


def test_a_chinese_registration_summary_stays_in_chinese(conv):
    u = User(conv)
    _register(u, "我要登记", "同意", "老王", "13905951234", "搬家", "丰泽")
    v = _summary(u).vars
    assert v["areas"] == "丰泽区" and "搬家" in v["trades"], v


def test_a_job_line_names_its_place_in_the_reader_s_language(conv):
    en = line_vars(JOB, None, conv.refdata, "en")
    zh = line_vars(JOB, None, conv.refdata, "zh_CN")
    assert en["area"] != zh["area"] and en["area"].isascii() and not zh["area"].isascii()
