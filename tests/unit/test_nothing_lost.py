"""Nothing typed is lost (issue 13, item 2): the survey's number after a
closed ticket, "my complaints", a long or many-piece story, the draft that
goes with "人工", and a reply to staff. Driven as a user types, through the
pure conversation (tests/unit/test_conversation.py's `User`)."""
import pytest

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
    assert ids == ["ticket-line", "ticket-last-reply", "menu-hint"] or ids == ["ticket-line", "menu-hint"], ids
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
    assert ids == ["tickets-none", "menu-hint"]


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


# ---- a long story, and a story told in pieces ------------------------------------------------

STORY = ("我在丰泽区东海街道一个工地做小工，包工头姓陈，说好一天两百，干了十二天，"
         "一共两千四，到现在一分钱没给，打电话不接，去工地找他也躲着不见人。")


def story_of(u):
    return u.state["dialog"]["slots"]["what"]


def to_what(u):
    u.send("投诉")
    ids, _ = u.send("1")
    assert ids[0] == "complaint-ask-what"


def to_summary(u, story=STORY):
    to_what(u)
    u.send(story)
    u.send("跳过")
    ids, out = u.send("跳过")
    assert "complaint-summary" in ids
    return ids, out


def test_a_three_thousand_character_story_is_kept_whole(conv):
    u = User(conv)
    to_what(u)
    long_story = (STORY * 60)[:3000]
    ids, _ = u.send(long_story)
    assert ids[0] == "complaint-ask-photos" and "complaint-story-cut" not in ids
    assert story_of(u) == long_story, "before: cut to 1,000 characters, and the user not told"
    u.send("跳过")
    ids, out = u.send("跳过")
    summary = next(s for s in out.out if s.id == "complaint-summary")
    assert len(summary.vars["what"]) < 400, "the summary shows the start"
    assert [s.vars for s in out.out if s.id == "complaint-story-long"] == [{"length": 3000}]
    ids, _ = u.send("对的")
    [ticket] = [c for c in u.commands if isinstance(c, LodgeTicket)]
    assert ticket.text == long_story


def test_a_story_past_the_bound_is_cut_and_the_user_told_what_was_kept(conv):
    u = User(conv)
    to_what(u)
    ids, out = u.send("欠钱" * 3000)
    assert ids[0] == "complaint-story-cut" and "complaint-ask-photos" in ids
    assert out.out[0].vars == {"kept": 5000, "total": 6000}
    assert len(story_of(u)) == 5000


def test_more_story_right_after_the_story_is_added_not_refused(conv):
    u = User(conv)
    to_what(u)
    u.send("包工头欠我十二天工钱一共两千四")
    ids, out = u.send("他电话一直不接 去工地也找不到人 已经两个月了")
    assert ids[0] == "complaint-story-added" and "complaint-ask-photos" in ids, \
        "before: 'please send a photo or reply done', and the words were lost"
    assert story_of(u) == "包工头欠我十二天工钱一共两千四\n他电话一直不接 去工地也找不到人 已经两个月了"
    ids, _ = u.send("没有")
    assert ids[0] == "complaint-ask-phone"


def test_the_sum_owed_said_short_after_the_story_is_added_not_refused(conv):
    """Found in ./dev chat: "大概八千块" at the photos' question was "请发照片",
    and the sum owed, the first thing staff ask, was lost."""
    u = User(conv)
    to_what(u)
    u.send("在丰泽区一个工地干了一个月 老板姓林 说下个月给 结果人找不到了")
    ids, out = u.send("大概八千块")
    assert ids[0] == "complaint-story-added" and "complaint-ask-photos" in ids, ids
    assert story_of(u).endswith("\n大概八千块")
    # A short answer with no sum is still no story ("有" gets how to send photos).
    ids, _ = u.send("嗯嗯")
    assert "complaint-story-added" not in ids


@pytest.mark.parametrize("place", ["在南安的工地", "南安", "就在石狮灵秀镇"])
def test_where_it_happened_said_short_after_the_story_is_added_not_refused(conv, place):
    """Found in ./dev chat: "在南安的工地" at the photos' question was "请发照片",
    and where it happened, which staff ask next, was lost."""
    u = User(conv)
    to_what(u)
    u.send("老板欠我三千块钱工资不给")
    ids, _ = u.send(place)
    assert ids[0] == "complaint-story-added" and "complaint-ask-photos" in ids, ids
    assert story_of(u).endswith("\n" + place)
    ids, _ = u.send("丰泽有活吗")   # a search naming a place is a change of mind, not story
    assert "complaint-story-added" not in ids


def test_a_change_of_mind_after_the_story_is_not_taken_as_story(conv):
    u = User(conv, store={MyTickets(): []})
    to_what(u)
    u.send("包工头欠我十二天工钱一共两千四")
    ids, out = u.send("算了 我要招人")
    assert "complaint-story-added" not in ids and "dialog-paused" in ids
    assert "包工头" in u.state["paused"]["slots"]["what"] and "招人" not in u.state["paused"]["slots"]["what"]


def test_add_at_the_summary_with_the_words_adds_them(conv):
    u = User(conv)
    ids, _ = to_summary(u)
    assert "complaint-more-hint" in ids
    ids, out = u.send("补充 老板还说要打我")
    assert ids[0] == "complaint-story-added" and "complaint-summary" in ids
    assert story_of(u).endswith("\n老板还说要打我")
    u.send("对的")
    [ticket] = [c for c in u.commands if isinstance(c, LodgeTicket)]
    assert ticket.text.endswith("老板还说要打我")


def test_add_alone_at_the_summary_asks_for_the_words(conv):
    u = User(conv)
    to_summary(u)
    ids, _ = u.send("补充")
    assert ids[0] == "complaint-ask-more"
    ids, _ = u.send("他还欠我老乡三天的钱 我们一起干的")
    assert ids[0] == "complaint-story-added" and "complaint-summary" in ids
    assert story_of(u).endswith("\n他还欠我老乡三天的钱 我们一起干的")
    ids, _ = u.send("补充")
    ids, _ = u.send("返回")
    assert "complaint-summary" in ids, "back from adding: the summary, nothing lost"


def test_more_story_at_the_phone_question_is_added_and_no_photos_in_words(conv):
    u = User(conv)
    to_what(u)
    u.send("包工头欠我十二天工钱一共两千四")
    ids, _ = u.send("没有照片")
    assert ids[0] == "complaint-ask-phone", "before: 'send a photo or reply done'"
    ids, _ = u.send("他还说我再去找他就打我 我很害怕")
    assert ids[0] == "complaint-story-added" and "complaint-ask-phone" in ids
    ids, _ = u.send("13655556666")
    assert "complaint-summary" in ids


# ---- a reply to staff --------------------------------------------------------------------------

ANSWERED = Ticket(id=12, openid="o_unit_user", kind="wages", status="in_progress", first_reply_at=1_799_990_000.0,
                  touched_at=1_799_990_000.0)


def test_ok_thanks_after_a_staff_reply_goes_to_staff_on_the_ticket(conv):
    from bot.features.complaints.messages import ReplyFromUser, TicketInTalk
    u = User(conv, store={TicketInTalk(): ANSWERED})
    ids, out = u.send("好的谢谢 我周一去")
    assert ids == ["human-reply-sent"] and out.out[0].vars == {"id": 12}, "before: only '收到', staff never knew"
    assert [c for c in u.commands if isinstance(c, ReplyFromUser)] == [ReplyFromUser(12, "好的谢谢 我周一去")]


def test_words_not_understood_while_staff_talk_with_the_user_go_to_them(conv):
    from bot.features.complaints.messages import ReplyFromUser, TicketInTalk
    u = User(conv, store={TicketInTalk(): ANSWERED})
    ids, out = u.send("他说下周一给钱")
    assert ids == ["human-reply-sent"] and out.intent == "ticket_reply"
    assert [c.text for c in u.commands if isinstance(c, ReplyFromUser)] == ["他说下周一给钱"]


def test_ok_thanks_with_no_ticket_in_talk_is_just_acknowledged(conv):
    from bot.features.complaints.messages import ReplyFromUser, TicketInTalk
    u = User(conv, store={TicketInTalk(): None})
    ids, _ = u.send("好的谢谢 我周一去")
    assert ids == ["thanks-reply"] and not [c for c in u.commands if isinstance(c, ReplyFromUser)]


def test_go_on_after_human_in_an_open_dialog_asks_its_question_again(conv):
    u = User(conv)
    u.send("投诉")
    u.send("1")
    ids, _ = u.send("人工")
    assert "dialog-resume-hint" in ids
    ids, _ = u.send("接着填")
    assert ids[0] == "complaint-ask-what", "before: 'nothing to go on with', though the complaint was open"
    assert u.state["dialog"]["state"] == "ask_what"


def test_human_in_a_registration_names_its_answers_for_staff(conv):
    u = User(conv)
    u.send("我要登记找活")
    u.send("好的")
    u.send("我姓王 叫我老王就行")
    u.send("13812345678")
    u.send("人工")
    [ticket] = lodged(u)
    assert ticket.draft_of == "register"
    filled = dict(ticket.draft)
    assert filled["name"] == "老王" and filled["phone"] == "13812345678", filled
    assert list(filled)[:2] == ["name", "phone"] or list(filled)[:3] == ["consent", "name", "phone"], \
        "in the order the dialog asks"


def test_more_story_at_the_job_question_is_added_and_the_job_asked_again(conv):
    from bot.domain import Application
    from bot.features.find_work.messages import MyApplications
    from tests.unit.test_find_work import JOB
    u = User(conv, store={MyApplications(): [Application(id=1, job_id=7, worker_openid="o_unit_user",
                                                         status="accepted", job=JOB)]})
    ids, _ = u.send("包工头欠我十二天工钱一共两千四 一直不给")
    assert ids[:2] == ["complaint-heard", "complaint-ask-job"]
    ids, _ = u.send("电话打了十几次都不接 微信也把我拉黑了")
    assert ids[0] == "complaint-story-added" and "complaint-ask-job" in ids, "before: 'reply a number 1 to 1'"
    ids, _ = u.send("1")
    assert ids[0] == "complaint-ask-photos" and u.state["dialog"]["slots"]["job"] == 7
    assert story_of(u).endswith("\n电话打了十几次都不接 微信也把我拉黑了")


def test_add_in_english_is_a_whole_word(conv):
    u = User(conv)
    u.send("english")
    to_summary(u, story="My boss has not paid me for twelve days of work")
    ids, _ = u.send("address of the site is Donghai street")
    assert "complaint-story-added" not in ids and "complaint-ask-more" not in ids
    ids, _ = u.send("add he also shouted at me")
    assert ids[0] == "complaint-story-added" and story_of(u).endswith("\nhe also shouted at me")


def test_add_at_the_photo_question_adds_to_the_complaint_not_the_registration(conv):
    u = User(conv)
    to_what(u)
    u.send("包工头欠我十二天工钱一共两千四")
    ids, out = u.send("补充")
    assert ids[0] == "complaint-ask-more" and "dialog-paused" not in ids, "not the registration's '补充'"
    ids, _ = u.send("他还打了我")
    assert ids[0] == "complaint-story-added" and "complaint-ask-photos" in ids, "on where it was"
    ids, _ = u.send("补充一下 工地在池店")
    assert ids[0] == "complaint-story-added" and "complaint-ask-photos" in ids
    assert story_of(u) == "包工头欠我十二天工钱一共两千四\n他还打了我\n工地在池店"


def test_the_survey_answered_in_words(conv):
    for said, score in (("满意", 4), ("很满意", 5), ("不满意", 2), ("一般", 3)):
        u = User(conv, store={PendingSurvey(): None, MyTickets(): []})
        u.send("我的投诉")
        closed_now(u)
        ids, _ = u.send(said)
        assert ids == ["survey-thanks"] and rated(u) == [RateTicket(7, score)], (said, ids)


def test_a_yes_word_long_after_the_survey_is_not_a_score(conv):
    u = User(conv, store={PendingSurvey(): Ticket(id=7, openid="o_unit_user", kind="question", status="closed",
                                                  survey_asked_at=1_800_000_000.0 - 60), MyTickets(): []})
    u.send("我的投诉")
    ids, _ = u.send("好")
    assert rated(u) == [] and ids != ["survey-thanks"]


def test_in_english_a_short_answer_is_not_story_and_a_sentence_is(conv):
    u = User(conv)
    u.send("english")
    to_what(u)
    u.send("My boss did not pay me for twelve days of work")
    ids, _ = u.send("no photos sorry")
    assert "complaint-story-added" not in ids
    ids, _ = u.send("he does not answer the phone and blocked me")
    assert ids[0] == "complaint-story-added"
    ids, _ = u.send("no photos")
    assert ids[0] == "complaint-ask-phone"
    assert story_of(u) == "My boss did not pay me for twelve days of work\nhe does not answer the phone and blocked me"


def test_human_in_a_post_names_hours_and_pay(conv):
    u = User(conv)
    for said in ("我要招人", "搬家小工", "丰泽区", "东海街道", "明天", "8点到5点", "200一天"):
        u.send(said)
    u.send("人工")
    [ticket] = lodged(u)
    filled = dict(ticket.draft)
    assert ticket.draft_of == "post_job"
    assert filled["time"] == "08:00-17:00" and filled["pay"] == "200" and filled["pay_unit"] == "day", filled
    assert filled["employer_kind"] == "个人" and filled["method"] == "日结", filled


def test_words_for_staff_in_the_middle_of_a_dialog_go_on_the_ticket_and_the_dialog_waits(conv):
    """Found in ./dev chat: after `人工` at the phone question, "我不会填 帮我登记一下"
    was answered "这个手机号不对" and never reached staff."""
    from dataclasses import replace

    from bot.features.complaints.messages import ReplyFromUser, TicketInTalk
    asked_here = replace(ANSWERED, kind="question", context="register:ask_phone")
    u = User(conv, store={TicketInTalk(): asked_here})
    u.send("求职登记")
    u.send("同意")
    u.send("老王")
    asked = u.state["dialog"]["state"]
    ids, _ = u.send("我不会填 帮我登记一下")
    assert ids == ["human-reply-sent", "dialog-resume-hint"], ids
    assert [c for c in u.commands if isinstance(c, ReplyFromUser)] == [ReplyFromUser(12, "我不会填 帮我登记一下")]
    assert u.state["dialog"]["state"] == asked and not u.state["dialog"].get("tries"), "no miss counted"
    # A mistyped answer is still told as one, not sent to staff.
    ids, _ = u.send("1390595123")
    assert ids[0] == "phone-invalid" and len([c for c in u.commands if isinstance(c, ReplyFromUser)]) == 1, ids
    u.send("13905951234")
    assert u.state["dialog"]["state"] != asked


def test_words_in_a_dialog_are_not_sent_to_a_ticket_asked_for_elsewhere(conv):
    """A complaint just lodged, then registering: "我什么都能干" at a question
    is an answer that did not fit, not words for the complaint's staff."""
    from bot.features.complaints.messages import ReplyFromUser, TicketInTalk
    u = User(conv, store={TicketInTalk(): ANSWERED})   # no dialog named: lodged as a complaint
    u.send("求职登记")
    u.send("同意")
    u.send("老王")
    ids, _ = u.send("我什么都不知道")
    assert "human-reply-sent" not in ids and not [c for c in u.commands if isinstance(c, ReplyFromUser)], ids
