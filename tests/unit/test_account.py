"""The user's own record without I/O: "my info", "delete" and the users row,
each asked of the store with typed queries and commands (no strings)."""
import pytest

from bot.domain import Employer, Worker
from bot.app import language_resources
from bot.bus import Command
from bot.turn.conversation import Conversation
from bot.features.account.messages import DataHeld, DeleteMyData, MyData, UpdateUser
from bot.features.post_job.messages import EmployerProfile
from bot.features.register.messages import WorkerProfile
from tests.unit.test_conversation import User

WORKER = Worker(openid="o_w", name="老王", phone="13905951234", birth_year=1975, areas=("fengze",),
                trades=("porter",), pay_method="any")
EMPLOYER = Employer(id=3, openid="o_e", name="陈先生", phone="13905957777", kind="person")
HELD = DataHeld(worker=True, employer=True, open_jobs=2, open_tickets=(7,), complaints_open=1,
                complaints_closed=2, ratings_given=3, records=9, ticket_days=365)
NOTHING = DataHeld(worker=False, employer=False, open_jobs=0, open_tickets=(), complaints_open=0,
                   complaints_closed=0, ratings_given=0, records=0, ticket_days=365)


@pytest.fixture(scope="module")
def conv():
    refdata, nlu = language_resources()
    return Conversation(nlu, refdata)


def test_my_info_of_nobody_says_so_and_opens_nothing(conv):
    u = User(conv)
    ids, _ = u.send("我的信息")
    assert ids == ["profile-none"] and u.state.get("dialog") is None


def test_my_info_of_an_employer_shows_the_details_and_where_to_change_them(conv):
    u = User(conv, store={EmployerProfile(): EMPLOYER})
    ids, out = u.send("我的信息")
    assert ids == ["profile-employer", "profile-employer-hint"] and u.state.get("dialog") is None
    assert out.out[0].vars == {"name": "陈先生", "phone": "13905957777", "kind": "person"}


def test_my_info_of_a_worker_opens_the_profile_to_correct_or_delete(conv):
    u = User(conv, store={WorkerProfile(): WORKER, EmployerProfile(): EMPLOYER, MyData(): HELD})
    ids, out = u.send("我的信息")
    assert ids[:3] == ["profile-employer", "profile-intro", "reg-summary"]
    assert out.out[2].vars["name"] == "老王"
    assert u.state["dialog"]["name"] == "register" and u.state["dialog"]["state"] == "confirm"
    ids, _ = u.send("注销")
    assert ids[:2] == ["delete-confirm", "delete-confirm-jobs"], "the word works right at the profile"
    assert u.state["dialog"]["name"] == "delete"


def test_delete_asks_first_then_deletes_with_one_typed_command_and_says_what_stays(conv):
    u = User(conv, store={MyData(): HELD})
    ids, out = u.send("注销")
    assert ids == ["delete-confirm", "delete-confirm-jobs", "delete-confirm-choices", "dialog-ways-back"]
    assert out.out[1].vars == {"count": 2}
    assert not [e for e in u.commands if isinstance(e, DeleteMyData)], "nothing deleted before the yes"
    ids, out = u.send("1")
    assert [e for e in u.commands if isinstance(e, DeleteMyData)] == [DeleteMyData()]
    assert ids == ["delete-done", "delete-done-jobs", "delete-done-kept", "delete-done-open-ticket",
                   "delete-done-complaints", "delete-done-ratings", "delete-done-sent", "delete-done-recent",
                   "delete-done-again"]
    said = {s.id: s.vars for s in out.out}
    assert said["delete-done-open-ticket"] == {"id": 7}
    assert said["delete-done-complaints"] == {"open": 1, "closed": 2, "days": 365}
    assert all(isinstance(e, Command) for e in u.commands), u.commands


def test_delete_declined_or_with_nothing_kept_deletes_nothing(conv):
    u = User(conv, store={MyData(): HELD})
    u.send("注销")
    ids, _ = u.send("2")
    assert ids == ["delete-kept", "menu-hint"]
    u = User(conv, store={MyData(): NOTHING})
    ids, _ = u.send("注销")
    assert ids == ["delete-nothing", "menu-hint"]
    assert not [e for e in u.commands if isinstance(e, DeleteMyData)]


def test_the_users_row_is_kept_up_to_date_with_typed_commands(conv):
    u = User(conv)
    u.send("你好")
    assert u.commands == [UpdateUser(locale="zh_CN", last_message_at=u.now)], "first contact"
    u.send("English")
    assert u.commands[-1] == UpdateUser(locale="en")
    u.now += 2 * 3600
    u.send("hello")
    assert u.commands[-1] == UpdateUser(last_message_at=u.now), "the last message time, at most hourly"
    u.send(kind="event", event="unsubscribe")
    assert u.commands[-1] == UpdateUser(subscribed=False)
    u.send(kind="event", event="subscribe")
    assert u.commands[-1] == UpdateUser(subscribed=True)
    assert all(isinstance(e, UpdateUser) for e in u.commands)
