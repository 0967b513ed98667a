"""Nothing typed is lost (issue 13, item 2): the survey's number after a
closed ticket, "my complaints", a long or many-piece story, the draft that
goes with "人工", and a reply to staff. Driven as a user types, through the
pure conversation (tests/unit/test_conversation.py's `User`)."""
from bot.domain import Ticket
from bot.features.complaints.messages import LodgeTicket, MyTickets, PendingSurvey, RateTicket
from tests.unit.test_conversation import User, conv  # noqa: F401  (the fixture)

CLOSED = Ticket(id=7, openid="o_unit_user", kind="question", status="closed", close_note="办好了")


def rated(u):
    return [c for c in u.commands if isinstance(c, RateTicket)]


def closed_now(u):
    """Staff close the user's ticket now: the survey is asked after the bot's last answer."""
    u.store[PendingSurvey()] = Ticket(id=7, openid=u.openid, kind="question", status="closed",
                                      survey_asked_at=u.now + 1)
    u.store[MyTickets()] = [CLOSED]


# ---- the survey's number --------------------------------------------------------------------

def test_a_score_after_the_menu_answers_the_survey_asked_since_not_the_menu(conv):
    u = User(conv, store={PendingSurvey(): None, MyTickets(): []})
    ids, _ = u.send("菜单")
    assert "menu-list" in ids
    closed_now(u)
    ids, out = u.send("5")
    assert ids == ["survey-thanks"] and out.intent == "survey", "before: 5 on the menu opened a complaint"
    assert rated(u) == [RateTicket(7, 5)] and u.state.get("dialog") is None


def test_my_complaints_after_the_survey_lists_the_tickets(conv):
    u = User(conv, store={PendingSurvey(): None, MyTickets(): []})
    u.send("菜单")
    closed_now(u)
    u.send("5")
    ids, out = u.send("我的投诉")
    assert ids == ["ticket-line", "ticket-last-reply"] or ids == ["ticket-line"], ids
    assert out.intent == "my_tickets"


def test_my_complaints_inside_a_complaint_opened_by_mistake_lists_the_tickets(conv):
    u = User(conv, store={PendingSurvey(): None, MyTickets(): [CLOSED]})
    u.send("菜单")
    ids, _ = u.send("5")
    assert ids[0] == "complaint-ask-kind"
    ids, out = u.send("我的投诉")
    assert "ticket-line" in ids and "pick-a-number" not in ids and "pick-number-or-words" not in ids
    assert out.intent == "my_tickets"


def test_my_complaints_with_none_says_so(conv):
    u = User(conv, store={PendingSurvey(): None, MyTickets(): []})
    ids, _ = u.send("我的投诉")
    assert ids == ["tickets-none"]


def test_the_menu_shown_after_the_survey_takes_the_number(conv):
    u = User(conv, store={PendingSurvey(): Ticket(id=7, openid="o_unit_user", kind="question", status="closed",
                                                  survey_asked_at=1_800_000_000.0 - 60)})
    u.send("菜单")
    ids, _ = u.send("5")
    assert ids[0] == "complaint-ask-kind" and rated(u) == []


# ---- "人工" with a draft: the ticket carries what was filled in -----------------------------

def lodged(u):
    return [c for c in u.commands if isinstance(c, LodgeTicket)]


def test_human_in_the_middle_of_a_complaint_carries_the_answers(conv):
    u = User(conv)
    u.send("投诉")
    u.send("1")
    u.send("包工头欠我十二天工钱一共两千四 电话13655556666")
    ids, _ = u.send("人工")
    assert ids == ["handed-to-staff", "human-draft-sent", "dialog-resume-hint"]
    [ticket] = lodged(u)
    assert ticket.kind == "question" and ticket.draft_of == "complaint"
    assert dict(ticket.draft) == {"kind": "拖欠", "what": "包工头欠我十二天工钱一共两千四 电话13655556666"}, \
        "before: the notice said only 'wants a person'"
    assert u.state["dialog"]["state"] == "ask_photos", "the complaint goes on after"


def test_human_with_a_kept_draft_carries_it(conv):
    u = User(conv, store={MyTickets(): []})
    u.send("我要招人")
    u.send("搬家小工")
    u.send("丰泽区")
    u.send("东海街道")
    ids, _ = u.send("我的投诉")   # another service: the post is kept for "接着填"
    assert "dialog-paused" in ids and u.state.get("paused")
    u.send("人工")
    [ticket] = lodged(u)
    assert ticket.draft_of == "post_job"
    fields = dict(ticket.draft)
    assert "搬家" in fields["trades"] and fields["area"] == "丰泽区" and fields["address"] == "东海街道", fields
    ids, _ = u.send("接着填")
    assert "post-ask-date" in ids, "the draft is still kept"


def test_human_without_a_draft_carries_none_and_keeps_a_sentence(conv):
    u = User(conv)
    ids, _ = u.send("人工")
    assert ids == ["handed-to-staff"]
    [ticket] = lodged(u)
    assert ticket.draft == () and ticket.draft_of == "" and ticket.text == ""
    u = User(conv)
    u.send("我要跟工作人员说话 工钱的事")
    [ticket] = lodged(u)
    assert ticket.text == "我要跟工作人员说话 工钱的事" and ticket.draft == ()
