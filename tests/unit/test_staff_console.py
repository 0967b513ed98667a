"""The staff console and the user's side of tickets, without I/O: what
staff and users send becomes typed commands, and what they see comes from
typed queries, answered here by a fake store."""
import re
from datetime import timedelta

import pytest

from dataclasses import replace

from bot import clock
from bot.domain import Appointment, Ticket, TicketMessage
from bot.app import language_resources
from bot.turn.conversation import Conversation
from bot.features.complaints.messages import MyTickets, PendingSurvey, RateTicket
from bot.features.guidance.messages import BookingsOn
from bot.features.staff.messages import (CloseTicket, MarkTicketInProgress, OpenTickets, ReplyToTicket,
                                         ShortageTrades, TicketDetails, TicketForStaff)
from bot.services.report import SupplyRow
from bot.features.account.messages import UpdateUser
from tests.unit.test_conversation import User

STAFF = "o_unit_staff"
TICKET = Ticket(id=12, openid="o_unit_user", kind="wages", status="open", urgent=True, phone="13811112222",
                text="老板欠我六百块，身份证350503198001011234",
                messages=(TicketMessage(id=1, ticket_id=12, author="user", text="还没给"),
                          TicketMessage(id=2, ticket_id=12, author="staff", text="正在联系老板")))
SEEN = TicketForStaff(TICKET, evidence=({"kind": "photo", "n": 1, "state": "stored", "link": "https://x/e/1",
                                         "reason": ""},))


@pytest.fixture(scope="module")
def conv():
    refdata, nlu = language_resources()
    return Conversation(nlu, refdata, staff_openids=frozenset({STAFF}))


class Asking(User):
    """A user whose every query is recorded."""

    def __init__(self, *args, **kw):
        super().__init__(*args, **kw)
        self.asked = []

    def _data(self, key):
        self.asked.append(key)
        return super()._data(key)


def commands(u):
    return [e for e in u.commands if not isinstance(e, UpdateUser)]   # not the user record's bookkeeping


def said(out, msg_id):
    return [s.vars for s in out.out if s.id == msg_id]


def test_staff_reply_progress_and_close_are_typed_commands(conv):
    u = User(conv, openid=STAFF, store={TicketDetails(12): SEEN})
    ids, _ = u.send("回复 12 我们已联系老板")
    assert ids == ["staff-ticket-done"]
    u.send("处理中 12")
    u.send("结案 #12 工资已结清")
    u.send("结案 12")
    assert commands(u) == [ReplyToTicket(12, "我们已联系老板"), MarkTicketInProgress(12),
                           CloseTicket(12, "工资已结清"), CloseTicket(12, "")]


def test_a_reply_without_text_or_to_no_ticket_changes_nothing(conv):
    u = User(conv, openid=STAFF, store={TicketDetails(12): SEEN, TicketDetails(99): None})
    ids, _ = u.send("回复 12")
    assert ids == ["staff-reply-needs-text"]
    ids, out = u.send("结案 99 好了")
    assert ids == ["staff-no-such-ticket"] and said(out, "staff-no-such-ticket") == [{"id": 99}]
    assert commands(u) == []


def test_the_ticket_view_masks_identity_numbers_but_gives_the_callback_phone(conv):
    u = User(conv, openid=STAFF, store={TicketDetails(12): SEEN})
    ids, out = u.send("查看 12")
    assert ids == ["staff-ticket-view", "staff-ticket-message", "staff-ticket-message", "staff-ticket-evidence",
                   "staff-view-hint"]
    [view] = said(out, "staff-ticket-view")
    assert view["phone"] == "13811112222" and "350503198001011234" not in view["text"]
    assert said(out, "staff-ticket-evidence")[0]["link"] == "https://x/e/1"
    assert commands(u) == []


def test_look_at_a_number_opens_the_ticket_as_view_does(conv):
    """Found in ./dev chat: "看 1" after the to-do list was the users' "没听懂" menu."""
    for said_ in ("看 12", "看看 12", "打开 12", "打开12号", "看看第12个"):
        u = User(conv, openid=STAFF, store={TicketDetails(12): SEEN})
        ids, _ = u.send(said_)
        assert ids[0] == "staff-ticket-view", (said_, ids)
    # The number in words (found in ./dev chat: "看看第一个" was the users' menu).
    for said_ in ("看看第三个", "打开三号"):
        ids, _ = User(conv, openid=STAFF, store={TicketDetails(3): SEEN}).send(said_)
        assert ids[0] == "staff-ticket-view", (said_, ids)
    # To a user (not staff) the same words are no command.
    ids, _ = User(conv, openid="o_not_staff").send("看 12")
    assert "staff-ticket-view" not in ids


def test_the_todo_list_comes_from_the_open_tickets(conv):
    u = User(conv, openid=STAFF, store={OpenTickets(): [TICKET, replace(TICKET, id=13, urgent=False)]})
    ids, out = u.send("待办")
    assert ids == ["staff-todo", "staff-todo-line", "staff-todo-line", "staff-todo-hint"]
    assert [(v["id"], v["urgent"]) for v in said(out, "staff-todo-line")] == [(12, "yes"), (13, "no")]
    assert said(out, "staff-todo")[0]["more"] == "no"
    ids, _ = User(conv, openid=STAFF, store={OpenTickets(): []}).send("待办")
    assert ids == ["staff-todo-empty"]


def test_the_todo_list_and_the_review_queue_say_how_many_wait_beyond_those_listed(conv):
    """Both list their first 20; they said "20 waiting" when 45 were."""
    from bot.features.post_job.messages import ReviewQueue, ReviewQueueSize
    from bot.features.staff.messages import OpenTicketCount
    from bot.i18n import Catalog

    u = User(conv, openid=STAFF, store={OpenTickets(): [TICKET], OpenTicketCount(): 45})
    _, out = u.send("待办")
    [head] = [s for s in out.out if s.id == "staff-todo"]
    assert (head.vars["count"], head.vars["shown"], head.vars["more"]) == (45, 1, "yes")
    text = Catalog().render("zh_CN", [head])
    assert "待办 45 个" in text and "先列 1 个" in text, text
    from tests.unit.test_post_job import a_job
    held = a_job(job_id=1, status="review", review_reasons=("dialect-requirement",), description="要会讲闽南话")
    u = User(conv, openid=STAFF, store={ReviewQueue(): [held], ReviewQueueSize(): 31})
    _, out = u.send("审核")
    [head] = [s for s in out.out if s.id == "staff-queue"]
    text = Catalog().render("zh_CN", [head])
    assert "待审核 31 条" in text and "先列最早的 1 条" in text, text


def test_staff_words_from_anyone_else_ask_nothing_of_the_staff_queries(conv):
    u = Asking(conv, store={MyTickets(): []})
    for text in ("待办", "查看 12", "回复 12 好的", "处理中 12", "结案 12 好了"):
        u.send(text)
    assert commands(u) == []
    assert not {OpenTickets(), TicketDetails(12)} & set(u.asked)


def test_bookings_of_a_day_ahead(conv):
    u = User(conv, openid=STAFF)
    tomorrow = (clock.today(u.now + 5) + timedelta(days=1)).isoformat()   # the turn is 5 s later
    u.store[BookingsOn(tomorrow)] = [Appointment(id=1, openid="o_w", market_code="nope", day=tomorrow, half="morning",
                                                 name="林", phone="139", topic="rights"),
                                     Appointment(id=2, openid="o_v", market_code="nope", day=tomorrow, half="morning")]
    ids, out = u.send("预约 1")
    assert ids == ["staff-bookings", "staff-booking-line", "staff-booking-line"]
    assert [{k: v for k, v in line.items() if k != "topic"} for line in said(out, "staff-booking-line")] == [
        {"market": "nope", "half": "morning", "name": "林", "phone": "139"},
        {"market": "nope", "half": "morning", "name": "-", "phone": "-"}]
    # what each visit is about, in the staff member's words; "not said" for a booking made before it was asked
    lines = shown(out).splitlines()
    assert lines[1].endswith("想谈：维权") and lines[2].endswith("想谈：没说"), lines


def test_shortage_lists_the_trades_short_of_people(conv):
    rows = [SupplyRow("welder", "电焊工", "Welder", 5, 1), SupplyRow("mover", "搬运工", "Mover", 3, 2)]
    u = User(conv, store={ShortageTrades(): rows})
    ids, out = u.send("哪些工种缺人")
    assert ids == ["shortage-intro", "shortage-line", "shortage-line"]
    assert said(out, "shortage-line") == [{"n": 1, "trade": "电焊工", "demand": 5, "supply": 1},
                                          {"n": 2, "trade": "搬运工", "demand": 3, "supply": 2}]
    ids, _ = User(conv, store={ShortageTrades(): []}).send("哪些工种缺人")
    assert ids == ["shortage-none"]


def test_my_complaints_show_each_status_and_the_last_staff_reply(conv):
    u = User(conv, store={MyTickets(): [TICKET, replace(TICKET, id=9, status="closed", messages=())]})
    ids, out = u.send("我的投诉")
    assert ids == ["ticket-line", "ticket-last-reply", "ticket-line", "menu-hint"]
    assert said(out, "ticket-last-reply") == [{"text": "正在联系老板"}]
    ids, out = u.send("投诉 9")
    assert ids == ["ticket-line", "menu-hint"] and said(out, "ticket-line")[0]["id"] == 9
    ids, _ = u.send("投诉 10")
    assert ids == ["ticket-not-yours", "menu-hint"]


def test_the_satisfaction_question_stays_open_for_a_week(conv):
    u = User(conv, store={PendingSurvey(): Ticket(id=7, openid="o_unit_user", kind="wages",
                                          survey_asked_at=1_800_000_000.0 - 8 * 24 * 3600)})
    ids, _ = u.send("5")
    assert ids != ["survey-thanks"] and not [e for e in u.commands if isinstance(e, RateTicket)]
    asked = {PendingSurvey(): Ticket(id=7, openid="o_unit_user", kind="wages",
                                          survey_asked_at=1_800_000_000.0 - 6 * 24 * 3600)}
    u = User(conv, store=asked)
    ids, _ = u.send("6")
    assert ids != ["survey-thanks"] and commands(u) == [], "scores are 1 to 5"
    u = User(conv, store=asked)
    ids, _ = u.send("3")
    assert ids == ["survey-thanks"] and commands(u) == [RateTicket(7, 3)]


# ---- What staff read, and what their words become (tried as staff: audit of issue 13) -------

from bot.i18n import Catalog  # noqa: E402

CAT = Catalog()
CAME_IN = 1_800_000_000.0 - 3600          # 2027-01-15 15:00 in Quanzhou (07:00 UTC)


def shown(out, locale="zh_CN"):
    return "\n".join(CAT.text(locale, s.id, **s.vars) for s in out.out)


def test_a_reply_and_a_close_note_reach_the_user_as_staff_typed_them(conv):
    """Before: the note was the folded command (NFKC, typo fixes): '您好,我们已联系老板' with ASCII commas,
    and a word in the typo table 'fixed'."""
    u = User(conv, openid=STAFF, store={TicketDetails(12): SEEN})
    u.send("回复 12 您好，我们已联系老版，明天上午回电")
    u.send("结案 ＃12　工资已结清。")
    assert commands(u) == [ReplyToTicket(12, "您好，我们已联系老版，明天上午回电"), CloseTicket(12, "工资已结清。")]


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_the_todo_list_reads_in_words_with_the_time_in_quanzhou_and_masked(conv, locale):
    quiet = replace(TICKET, id=13, urgent=False, kind="question", status="in_progress", text="",
                    created_at=CAME_IN)
    u = User(conv, openid=STAFF, store={OpenTickets(): [replace(TICKET, created_at=CAME_IN), quiet]})
    _, out = u.send("待办")
    text = shown(out, locale)
    assert "350503198001011234" not in text and "3505" in text, "identity numbers masked in the list too"
    assert "2027-01-15 15:00" in text, text
    # before: '#12 wages（open）：…' and '#13 question（open）：-'
    assert not re.search(r"#\d+ (【紧急】|URGENT )?[a-z_]+[（(]|[（(](open|in_progress)|[：:] -$", text, re.M), text
    if locale == "zh_CN":
        assert "拖欠工资（还没处理" in text and "用户要找人工（处理中" in text and "（没写内容）" in text, text


def test_the_ticket_view_reads_in_words_and_says_when_no_phone_was_left(conv):
    bare = TicketForStaff(replace(TICKET, id=14, phone=None, text="", messages=(), kind="injury", status="open",
                                  created_at=CAME_IN), evidence=())
    u = User(conv, openid=STAFF, store={TicketDetails(12): SEEN, TicketDetails(14): bare})
    _, out = u.send("查看 14")
    text = shown(out)
    assert text.splitlines()[0] == "#14 受伤、不安全（还没处理），2027-01-15 15:00 收到", text
    assert "回电：没留电话" in text and "（没写内容）" in text and "-" not in text.replace("2027-01-15", ""), text
    _, out = u.send("查看 12")
    assert "回电：13811112222" in shown(out) and "拖欠工资" in shown(out)


@pytest.mark.parametrize("context,words", [("complaint", "正在办：投诉"), ("post_job", "正在办：招工"),
                                           ("none", "正在办：-"), ("report", "正在办：举报招工")])
def test_the_staff_notice_names_what_the_user_was_doing_in_words(context, words):
    text = CAT.text("zh_CN", "staff-ticket", urgent="no", kind="wages", id=1, user="…ker_1", call="no",
                    phone="-", job="-", employer="-", market="-", dialog=context, photos="-",
                    time="2027-01-15 15:00", text="> 欠钱")
    assert words in text and "complaint" not in text and "不用（" not in text, text
    assert "用户没要求回电" in text


def _review_reason_ids():
    import json
    import pathlib
    rules = json.loads((pathlib.Path(__file__).resolve().parents[2] / "bot" / "data" / "content_rules.json")
                       .read_text("utf-8"))
    return [r["id"] for r in rules["rules"]] + [rules["pay"]["id"], "reported"]


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_reason_a_post_waits_for_review_has_words_for_staff(locale):
    assert "staff-review-reason" in CAT.ids(locale)
    for reason in _review_reason_ids():
        words = CAT.text(locale, "staff-review-reason", reasons=reason)
        assert words and reason not in words, (reason, words)


def test_the_review_queue_and_notice_give_the_reason_in_words(conv):
    """Before: '#1 搬家工，丰泽区（dialect-requirement）' and '原因：dialect-requirement'."""
    from bot.features.post_job.messages import ReviewQueue
    from tests.unit.test_post_job import a_job
    held = a_job(job_id=1, status="review", review_reasons=("dialect-requirement",), description="要会讲闽南话")
    u = User(conv, openid=STAFF, store={ReviewQueue(): [held]})
    _, out = u.send("审核")
    text = shown(out)
    assert "（要求会说方言）：要会讲闽南话" in text and "dialect" not in text, text
    notice = CAT.text("zh_CN", "staff-review", id=1, user="…ss_1", trades="搬运工", area="丰泽区",
                      reasons="age-limit", text="> 限45岁以下")
    assert "原因：限了最大年龄" in notice and "age-limit" not in notice, notice


# ---- The draft staff get with "人工": what the user said, not the dialog's defaults ----------

def _draft_of(u):
    from bot.features.complaints.messages import LodgeTicket
    [ticket] = [c for c in u.commands if isinstance(c, LodgeTicket)]
    return dict(ticket.draft)


def test_a_registration_draft_lists_what_was_answered_not_the_defaults(conv):
    """Before: '已填的' listed 每天、全天、都可以、推送新活：否、手机给老板看：否, which the worker never said."""
    u = User(conv)
    for text in ("我要登记", "同意", "老王", "13655556666", "人工"):
        u.send(text)
    assert _draft_of(u) == {"consent": "yes", "name": "老王", "phone": "13655556666"}


def test_a_default_the_user_changed_is_in_the_draft():
    from bot.app import language_resources
    from bot.features.register.dialog import DEFAULTS
    from bot.features.staff.drafts import fields
    from bot.turn.conversation import DIALOGS
    refdata, _ = language_resources()
    saved = {"name": "register", "state": "ask_hours",
             "slots": {**DEFAULTS, "consent": True, "name": "老王", "days": "weekends"},
             "history": [{"state": "ask_days", "undo": {"days": "any"}, "added": []}]}
    shown_fields = dict(fields(DIALOGS["register"], saved, refdata))
    assert "days" in shown_fields and "hours" not in shown_fields and "method" not in shown_fields, shown_fields


@pytest.mark.parametrize("command", ["结案 12 再结一次", "处理中 12"])
def test_closing_or_marking_a_closed_ticket_changes_nothing_and_says_so(conv, command):
    """Before: 'OK, #12 is closed, the user was asked for a score' though nothing happened."""
    closed = TicketForStaff(replace(TICKET, status="closed"), evidence=())
    u = User(conv, openid=STAFF, store={TicketDetails(12): closed})
    ids, out = u.send(command)
    assert ids == ["staff-ticket-already-closed"] and commands(u) == [], ids
    assert "已经结案了" in shown(out)
    ids, _ = u.send("回复 12 还有别的问题吗？")
    assert ids == ["staff-ticket-done"] and commands(u) == [ReplyToTicket(12, "还有别的问题吗？")]


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_a_post_held_for_several_reasons_names_each_in_words(locale):
    from bot.i18n import Listed
    reasons = ("age-limit", "dialect-requirement", "gender-limit")
    text = CAT.text(locale, "staff-queue-line", id=7, trades="x", area="y", text="z",
                    reasons=Listed("staff-review-reason", "reasons", reasons))
    for rule in reasons:
        assert rule not in text and CAT.text(locale, "staff-review-reason", reasons=rule) in text, text
    empty = CAT.text(locale, "staff-queue-line", id=7, trades="x", area="y", text="z",
                     reasons=Listed("staff-review-reason", "reasons", ()))
    assert "(-)" in empty.replace("（", "(").replace("）", ")")


# ---- #14 staff in Chinese: their own help, a command without its number, no codes in what they read ----

def _staff_kinds():
    from bot.app import language_resources
    _, nlu = language_resources()
    return [k for k in nlu.staff_words if k != "help"]


def test_staff_help_lists_their_commands_each_with_an_example(conv):
    """Before: staff's 帮助 was the users' menu (找工作, 招工, …), not one staff command."""
    u = User(conv, openid=STAFF)
    ids, out = u.send("帮助")
    assert ids == ["staff-help", *[f"staff-help-{k}" for k in _staff_kinds()], "staff-help-end"], ids
    text = shown(out)
    for example in ("例：待办", "例：查看 12", "例：回复 12", "例：处理中 12", "例：结案 12 已处理", "例：审核",
                    "例：通过 7", "例：拒绝 7", "例：预约 1"):
        assert example in text, (example, text)
    assert "找工作" not in text and "发“菜单”" in text, "the users' menu is one word away, not mixed in"
    assert len(text.encode("utf-8")) <= 2048, "one WeChat reply"
    ids, _ = u.send("菜单")
    assert ids[0] == "menu-list", "the users' menu still opens for staff"
    ids, _ = User(conv).send("帮助")
    assert ids[0] == "menu-list", "users keep their help"


@pytest.mark.parametrize("locale", ["zh_CN", "en"])
def test_every_staff_command_has_a_help_line(locale):
    """A command added to the "staff" words of intents.json needs its one help line (and nothing else)."""
    for kind in _staff_kinds():
        line = CAT.text(locale, f"staff-help-{kind}")
        assert line.startswith("· ") and ("例：" in line or "E.g. " in line), (kind, line)


@pytest.mark.parametrize("text,kind", [("结案", "close"), ("结案 已处理", "close"), ("结案：已处理", "close"),
                                       ("回复", "reply"), ("回复 好的", "reply"), ("处理中", "progress"),
                                       ("查看", "view"), ("通过", "approve"), ("拒绝 年龄限制", "reject")])
def test_a_command_without_its_number_says_how_to_write_it(conv, text, kind):
    """Before: "结案" alone got the users' "你刚才没办完的事，我这里没有记下来"."""
    u = Asking(conv, openid=STAFF)
    ids, out = u.send(text)
    assert ids == ["staff-needs-number", f"staff-help-{kind}"], ids
    words = shown(out)
    assert "少了编号" in words and "没办完的事" not in words, words
    if kind == "close":
        assert "结案 12 已处理" in words, words
    assert commands(u) == [] and u.asked == [], "nothing looked up, nothing changed"


def test_a_command_with_its_number_after_a_mark_still_works(conv):
    u = User(conv, openid=STAFF, store={TicketDetails(12): SEEN})
    ids, _ = u.send("结案：12 已处理")
    assert ids == ["staff-ticket-done"] and commands(u) == [CloseTicket(12, "已处理")]


def test_words_that_start_like_a_command_are_still_what_staff_say_as_users(conv):
    u = User(conv, openid=STAFF)
    ids, _ = u.send("帮助我找工作")
    assert "staff-help" not in ids and "staff-needs-number" not in ids, ids


# What staff read: every staff message rendered with every code our code passes in its variables.
# A code (a ticket kind, a status, a dialog, a slot, a review reason, yes/no…) must come out as words.
ALLOWED_LATIN = {"AppID", "AppSecret", "PUBLIC_BASE_URL", "access_token", "IP", "QQ", "openid", "font", "color", "warning"}


def _codes():
    """Each variable that carries a code, and every code it can carry (read from where they are made)."""
    from bot.features.complaints.dialog import KINDS
    from bot.features.complaints.tickets import REQUEST_KINDS
    from bot.features.staff.console import TICKET_COMMANDS
    from bot.services.evidence import KINDS as EVIDENCE_KINDS
    from bot.turn.conversation import DIALOGS
    kinds = (*KINDS.codes, *REQUEST_KINDS, "feedback", "dispute")
    slots = {q.slot or s.removeprefix("ask_") for d in DIALOGS.values() for s, q in d.questions.items()}
    return {
        "kind": (*kinds, *EVIDENCE_KINDS), "status": ("open", "in_progress", "closed", "enrolled", "waiting"),
        "urgent": ("yes", "no"), "call": ("yes", "no"), "wrote": ("yes", "no"), "approved": ("yes", "no"),
        "dialog": (*DIALOGS, "report", "none"), "field": (*sorted(slots), "pay_unit"),
        "value": ("yes", "no", "day", "hour", "piece", "month"),
        "action": tuple(k for k in TICKET_COMMANDS if k not in ("todo", "view")),
        "author": ("user", "staff"), "state": ("stored", "pending", "nolink", "failed"),
        "reason": ("expired", "too_large", "bad_type", "wechat_down", "no_credentials", "erased", "refused"),
        "reasons": tuple(_review_reason_ids()), "half": ("morning", "afternoon"),
    }


# Codes only some messages take (elsewhere the variable is a value as it is, like a masked phone).
CODES_OF = {"staff-ticket-view": {"phone": ("none", "13811112222")}}


def _variables_with_references(locale="zh_CN"):
    """The variables each message reads, with those of the messages it names (`{ staff-review-reason }`)."""
    import pathlib
    from fluent.syntax import FluentParser, ast, visitor
    own = CAT.ids(locale)
    refs: dict[str, set[str]] = {}
    for path in (pathlib.Path(__file__).resolve().parents[2] / "locales" / locale).glob("*.ftl"):
        for entry in FluentParser().parse(path.read_text("utf-8")).body:
            if isinstance(entry, ast.Message):
                found: set[str] = set()

                class Refs(visitor.Visitor):
                    def visit_MessageReference(self, node):  # noqa: N802 (Fluent's naming)
                        found.add(node.id.name)

                Refs().visit(entry)
                refs[entry.id.name] = found
    return {m: own[m].union(*(own.get(r, set()) for r in refs.get(m, ()))) for m in own}


def _staff_message_ids():
    return sorted(i for i in CAT.ids("zh_CN") if i.startswith(("staff-", "evidence-")))


def test_no_code_in_what_staff_read():
    """Before: a user who asked for a person while finding a market showed as '正在办：markets', a report
    as '正在办：report', and a draft's '· pick：3', '· tags：…'."""
    import itertools
    variables = _variables_with_references()
    leaks = []
    for msg_id in _staff_message_ids():
        codes = {**_codes(), **CODES_OF.get(msg_id, {})}
        names = sorted(variables[msg_id])
        coded = [n for n in names if n in codes]
        plain = {n: "值" for n in names if n not in codes}
        for combo in itertools.product(*(codes[n] for n in coded)):
            text = CAT.text("zh_CN", msg_id, **plain, **dict(zip(coded, combo)))
            words = set(re.findall(r"[A-Za-z_][A-Za-z_-]+", re.sub(r"\]\([^)]*\)", "]", text)))
            if words - ALLOWED_LATIN:
                leaks.append((msg_id, dict(zip(coded, combo)), sorted(words - ALLOWED_LATIN)))
    assert not leaks, "\n".join(map(str, leaks[:30]))
    assert len(_staff_message_ids()) > 30


def test_what_the_user_was_doing_and_each_answer_are_named_for_staff():
    from bot.turn.conversation import DIALOGS
    for name in (*DIALOGS, "report"):
        for locale in ("zh_CN", "en"):
            words = CAT.text(locale, "staff-dialog-name", dialog=name)
            assert words != name and words not in ("别的事", "doing something else"), (locale, name, words)
    slots = {q.slot or s.removeprefix("ask_") for d in DIALOGS.values() for s, q in d.questions.items()}
    for slot in sorted(slots):
        for locale in ("zh_CN", "en"):
            line = CAT.text(locale, "staff-draft-line", field=slot, value="1")
            assert line not in (f"· {slot}：1", "· 其他：1", "· other: 1"), (locale, slot, line)


@pytest.mark.parametrize("dialog,slots,expected", [
    ("guidance", {"market": "fengze_market"}, ("market", "泉州市丰泽区零工市场")),
    ("markets", {"area": "fengze", "pick_market": "fengze_donghai"}, ("pick_market", "泉州市丰泽区东海零工驿站")),
    ("my_jobs", {"pick_job": 3, "pick_action": "applicants"}, ("pick_action", "看报名")),
    ("my_jobs", {"pick_job": 3, "pick_applicant": 5, "decide": "declined"}, ("decide", "不合适")),
    ("rate", {"pick": 1, "score": 2, "tags": ["paid", "safe"]}, ("tags", "按时结清工资、安全有保障")),
])
def test_a_draft_names_markets_choices_and_rating_words_not_their_codes(dialog, slots, expected):
    """Before: '· 选的市场：fengze_donghai', '· 要做什么：applicants', '· 评价说法：paid、safe'."""
    from bot.app import language_resources
    from bot.features.staff.drafts import fields
    from bot.turn.conversation import DIALOGS
    refdata, _ = language_resources()
    shown_fields = dict(fields(DIALOGS[dialog], {"name": dialog, "slots": slots, "history": []}, refdata))
    field, words = expected
    assert shown_fields.get(field) == words, shown_fields
    for slot, value in shown_fields.items():
        line = CAT.text("zh_CN", "staff-draft-line", field=slot, value=value)
        assert not re.search(r"[a-z_]{3,}", line), line


def test_a_command_without_a_number_keeps_what_followed_it(conv):
    """A command that names something other than a number (a person, for a command still to come) gets
    the words after it as its note."""
    assert conv.nlu.staff_command("结案 已处理") == ("close", None, "已处理")
    assert conv.nlu.staff_command("结案12 已处理") == ("close", 12, "已处理")
    assert conv.nlu.staff_command("查看我的招工") is None


def test_after_the_to_do_list_a_number_opens_a_ticket_and_words_go_to_its_user_once_confirmed(conv):
    """Found in ./dev chat: after "待办" a staff member sent "1" (the user's
    menu said it did not understand), then wrote the reply itself (the bot
    greeted them as a user). Now the number opens that ticket, the words are
    shown back with "send"/"cancel", and only "send" (or a yes) sends them."""
    u = User(conv, openid=STAFF, store={OpenTickets(): [TICKET], TicketDetails(12): SEEN})
    ids, _ = u.send("待办")
    assert ids[-1] == "staff-todo-hint"
    ids, _ = u.send("12")
    assert ids[0] == "staff-ticket-view" and ids[-1] == "staff-view-hint", ids
    ids, out = u.send("你好 我们已经联系劳动监察大队 明天给你回电话")
    assert ids == ["staff-draft-confirm"] and said(out, "staff-draft-confirm")[0]["id"] == 12
    assert not [c for c in commands(u) if isinstance(c, ReplyToTicket)], "nothing sent before staff confirm"
    ids, _ = u.send("发送")
    assert ids == ["staff-ticket-done"]
    assert [c for c in commands(u) if isinstance(c, ReplyToTicket)] == [
        ReplyToTicket(12, "你好 我们已经联系劳动监察大队 明天给你回电话")]
    # Sent once: "send" again has nothing to send.
    ids, _ = u.send("发送")
    assert ids == ["staff-send-nothing"]
    # Written and then not wanted: nothing goes.
    u.send("写错了的一句话")
    ids, _ = u.send("取消")
    assert ids == ["staff-draft-dropped"]
    assert len([c for c in commands(u) if isinstance(c, ReplyToTicket)]) == 1


@pytest.mark.parametrize("send", ["发", "发吧", "可以发", "好"])
def test_staff_confirm_a_reply_in_their_own_short_words(conv, send):
    """Found in ./dev chat: "发" after the words for the user dropped them
    ("not sent") and answered with the users' menu."""
    u = User(conv, openid=STAFF, store={OpenTickets(): [TICKET], TicketDetails(12): SEEN})
    u.send("待办")
    u.send("12")
    u.send("已经联系老板了 明天给钱")
    ids, _ = u.send(send)
    assert ids == ["staff-ticket-done"], ids
    assert [c for c in commands(u) if isinstance(c, ReplyToTicket)] == [ReplyToTicket(12, "已经联系老板了 明天给钱")]


def test_words_waiting_to_be_sent_are_said_unsent_when_staff_do_something_else(conv):
    """Found in ./dev chat: words for the user, then "结案" instead of
    "发送": the ticket closed, the words silently not sent."""
    u = User(conv, openid=STAFF, store={OpenTickets(): [TICKET], TicketDetails(12): SEEN})
    u.send("待办")
    u.send("12")
    u.send("已经联系老板了 明天给钱")
    ids, out = u.send("结案")
    assert ids[0] == "staff-draft-unsent" and said(out, "staff-draft-unsent")[0]["id"] == 12, ids
    assert not [c for c in commands(u) if isinstance(c, ReplyToTicket)]


def test_staff_words_long_after_a_ticket_are_ordinary_messages(conv):
    u = User(conv, openid=STAFF, store={OpenTickets(): [TICKET], TicketDetails(12): SEEN})
    u.send("查看 12")
    u.now += 11 * 60
    ids, _ = u.send("找工作")
    assert "staff-draft-confirm" not in ids
    ids, _ = u.send("12")
    assert "staff-ticket-view" not in ids


def test_a_number_not_on_the_list_and_words_from_a_user_are_not_staff_follow_ups(conv):
    u = User(conv, openid=STAFF, store={OpenTickets(): [TICKET], TicketDetails(12): SEEN})
    u.send("待办")
    ids, _ = u.send("3")
    assert "staff-ticket-view" not in ids
    user = User(conv, openid="o_unit_user", store={OpenTickets(): [TICKET], TicketDetails(12): SEEN})
    user.send("待办")
    ids, _ = user.send("12")
    assert "staff-ticket-view" not in ids


def test_a_command_without_its_number_just_after_a_ticket_was_opened_is_for_that_ticket(conv):
    """Found in ./dev chat: after opening #1, "回复 你好，我们明天联系老板"
    and "处理中" were each "少了编号" though the ticket was on the screen."""
    u = User(conv, openid=STAFF, store={OpenTickets(): [TICKET], TicketDetails(12): SEEN})
    u.send("待办")
    u.send("12")
    ids, out = u.send("回复 你好，我们明天联系老板")
    assert ids == ["staff-draft-confirm"] and said(out, "staff-draft-confirm")[0]["id"] == 12, ids
    assert said(out, "staff-draft-confirm")[0]["text"] == "你好，我们明天联系老板"
    assert not [c for c in commands(u) if isinstance(c, ReplyToTicket)], "shown back first"
    u.send("发送")
    assert [c for c in commands(u) if isinstance(c, ReplyToTicket)] == [ReplyToTicket(12, "你好，我们明天联系老板")]
    ids, _ = u.send("处理中")
    assert ids[0] == "staff-ticket-done" and MarkTicketInProgress(12) in commands(u), ids
    # With no ticket opened (only the list, or long after), how to write it, as before.
    u = User(conv, openid=STAFF, store={OpenTickets(): [TICKET], TicketDetails(12): SEEN})
    u.send("待办")
    ids, _ = u.send("处理中")
    assert ids[0] == "staff-needs-number", ids
    u.send("12")
    u.now += 11 * 60
    ids, _ = u.send("处理中")
    assert ids[0] == "staff-needs-number", ids


def test_after_the_review_list_a_number_says_how_to_decide_and_one_post_alone_is_what_approve_is_for(conv):
    """Found in ./dev chat: after "审核" listed #1, "1" got the users' menu
    ("没听懂") and "通过" got "少了编号"."""
    from bot.features.find_work.messages import JobById
    from bot.features.post_job.messages import DecideReview, ReviewQueue
    from tests.unit.test_post_job import a_job
    held = a_job(job_id=1, status="review", review_reasons=("dialect-requirement",), description="要会讲闽南话")
    other = a_job(job_id=2, status="review", review_reasons=("age-limit",), description="45岁以下")
    u = User(conv, openid=STAFF, store={ReviewQueue(): [held], JobById(1): held})
    u.send("审核")
    ids, out = u.send("1")
    assert ids == ["staff-review-how"] and said(out, "staff-review-how")[0]["id"] == 1, ids
    ids, _ = u.send("拒绝 不能要求会说方言")
    assert ids == ["staff-decided"] and DecideReview(1, approve=False, note="不能要求会说方言") in commands(u), ids
    # Two listed: which one is not guessed.
    u = User(conv, openid=STAFF, store={ReviewQueue(): [held, other], JobById(1): held, JobById(2): other})
    u.send("审核")
    ids, _ = u.send("通过")
    assert ids[0] == "staff-needs-number" and not [c for c in commands(u) if isinstance(c, DecideReview)]
    # Long after the list, neither.
    u = User(conv, openid=STAFF, store={ReviewQueue(): [held], JobById(1): held})
    u.send("审核")
    u.now += 11 * 60
    ids, _ = u.send("通过")
    assert ids[0] == "staff-needs-number", ids
