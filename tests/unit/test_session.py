"""The session kept between two messages: every field survives its saved
form, a session saved by the version before the dataclass still reads, and
what is not set takes no room."""
from bot.domain.session import Session, SharedLocation


def test_every_field_survives_being_saved_and_read_back():
    s = Session(locale="en", known=True, seen=100.0, at=200.5, location=SharedLocation(24.9, 118.6, 150.0),
                market="fengze", dialog={"name": "register", "state": "ask_phone", "slots": {"name": "王"},
                                         "history": [], "tries": 1},
                menu=True, policy="pension-flexible", policy_choices=["a", "b"], pages=["p2", "p3"], lost=True,
                paused={"name": "post_job", "state": "ask_trade", "slots": {}, "history": [], "tries": 0},
                paused_at=300.0)
    assert Session.from_saved(s.saved()) == s


def test_a_session_saved_before_the_dataclass_reads_the_same():
    old = {"locale": "zh_CN", "known": True, "seen": 1.0, "at": 2.0, "loc": [24.9, 118.6, 1.5],
           "market": "licheng", "menu": True, "policy": "x", "policy_choices": ["y"],
           "pages": ["more"]}
    s = Session.from_saved(old)
    assert (s.locale, s.market, s.menu, s.policy, s.pages) == ("zh_CN", "licheng", True, "x", ["more"])
    assert s.location == SharedLocation(24.9, 118.6, 1.5)
    assert s.saved() == old


def test_nothing_saved_is_a_new_session_in_the_default_language():
    assert Session.from_saved(None, "en") == Session(locale="en")
    assert Session.from_saved({}, "en").locale == "en"


def test_what_is_not_set_is_not_saved():
    assert Session(locale="zh_CN").saved() == {"locale": "zh_CN"}


def test_the_open_dialog_is_named_for_the_log():
    assert Session(dialog={"name": "complaint", "state": "ask_what"}).dialog_at == "complaint:ask_what"
    assert Session().dialog_at == "-"


def test_a_kept_dialog_is_given_back_once_and_only_while_fresh():
    s = Session()
    s.pause({"name": "register", "state": "ask_age"}, now=1000.0)
    assert s.take_paused(now=1000.0 + 3600, keep_for=86400) == {"name": "register", "state": "ask_age"}
    assert s.take_paused(now=1000.0 + 3600, keep_for=86400) is None, "given back once"
    s.pause({"name": "register", "state": "ask_age"}, now=1000.0)
    assert s.take_paused(now=1000.0 + 86401, keep_for=86400) is None and s.saved() == {"locale": "zh_CN"}
