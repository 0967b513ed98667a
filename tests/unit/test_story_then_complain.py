"""Trouble told as a question ("the foreman owes me 2,400, what can I
do?") gets the policy answer and the way to complain; "投诉" soon after
lodges it with those words, not told a second time, and more words of
the story in between are added, not "not understood"."""
from bot.features.complaints.messages import LodgeTicket
from tests.unit.test_conversation import User, conv_with_policies  # noqa: F401  (the fixture)

STORY = "晋江池店工地的包工头欠我十二天工钱一共两千四 一直躲着不给 怎么办"


def lodged(u):
    return [c for c in u.commands if isinstance(c, LodgeTicket)]


def test_complain_after_the_policy_answer_starts_from_the_story_told(conv_with_policies):
    u = User(conv_with_policies)
    ids, _ = u.send(STORY)
    assert ids[0].startswith("policy") or "policy-complaint-offer" in ids
    assert "policy-complaint-offer" in ids
    ids, _ = u.send("投诉")
    assert ids[0] == "complaint-story-kept" and "complaint-ask-kind" not in ids and "complaint-ask-what" not in ids
    assert "complaint-heard" not in ids   # said once, not twice
    for said in ("跳过", "不用"):
        u.send(said)
    ids, _ = u.send("提交")
    [ticket] = lodged(u)
    assert ticket.data()["kind"] == "wages" and "两千四" in ticket.data()["text"]


def test_more_of_the_story_is_added_not_misunderstood(conv_with_policies):
    u = User(conv_with_policies)
    u.send(STORY)
    ids, _ = u.send("他电话不接 人也找不到")
    assert ids == ["story-more-kept", "policy-complaint-offer"]
    u.send("投诉")
    u.send("跳过")
    u.send("不用")
    u.send("对的")
    [ticket] = lodged(u)
    assert "两千四" in ticket.data()["text"] and "人也找不到" in ticket.data()["text"]


def test_the_story_is_kept_half_an_hour_and_only_for_the_next_request(conv_with_policies):
    u = User(conv_with_policies)
    u.send(STORY)
    u.now += 31 * 60
    ids, _ = u.send("投诉")
    assert "complaint-story-kept" not in ids and "complaint-ask-kind" in ids
    u.send("取消")
    u.send(STORY)
    u.send("找工作")       # something else first: the story is not carried on
    u.send("取消")
    ids, _ = u.send("投诉")
    assert "complaint-story-kept" not in ids


def test_a_complaint_that_says_its_own_story_keeps_its_own_words(conv_with_policies):
    u = User(conv_with_policies)
    u.send(STORY)
    ids, _ = u.send("我要投诉 老板不给钱 干了三天一共六百")
    assert "complaint-story-kept" not in ids


def test_the_story_told_at_the_kind_question_gives_the_kind_and_is_kept(conv_with_policies):
    # Found in ./dev chat: "我要投诉老板", then the story, got "没看懂" three
    # times at "what is it about?", and the complaint was given up.
    u = User(conv_with_policies)
    ids, _ = u.send("我要投诉老板")
    assert "complaint-ask-kind" in ids
    ids, _ = u.send("我在丰泽一个工地干了五天活 老板说好一天两百 到现在一分钱没给 电话也不接")
    assert "not-understood" not in ids and "complaint-ask-kind" not in ids and "complaint-ask-what" not in ids, ids
    for said in ("跳过", "不用"):
        u.send(said)
    u.send("提交")
    [ticket] = lodged(u)
    assert ticket.kind == "wages" and "一分钱没给" in ticket.text




def test_a_story_at_the_kind_question_that_names_its_kind_is_kept_too(conv_with_policies):
    """Found in ./dev chat: "老板欠我工资三个月了 一共一万二 …" at "是什么事？" was
    read as "拖欠工资" and the story dropped; the next message ("没有照片") became
    the story. The kind alone, or a wish to complain about it, is no story."""
    u = User(conv_with_policies)
    u.send("我要投诉")
    ids, _ = u.send("老板欠我工资三个月了 一共一万二 在南安的工地 他说过年前给 现在电话也不接了")
    assert "complaint-ask-what" not in ids and "complaint-ask-photos" in ids, ids
    for said in ("没有照片", "13805951234", "提交"):
        u.send(said)
    [ticket] = lodged(u)
    assert ticket.kind == "wages" and ticket.text.startswith("老板欠我工资三个月了 一共一万二")
    for said in ("拖欠工资", "我要投诉拖欠工资的事", "1"):
        u = User(conv_with_policies, openid=f"o_kind_{said}")
        u.send("我要投诉")
        ids, _ = u.send(said)
        assert "complaint-ask-what" in ids and not u.state["dialog"]["slots"].get("what"), (said, ids)


# Found in ./dev chat: no word of a complaint in it ("owes", "unpaid"), so the
# answer on unpaid wages came without the way to complain, and "投诉" next
# asked for the whole story again.
PLAIN_STORY = "我上个月在晋江一个工地干了二十多天 老板说月底给钱 到现在也没给 打电话也不接 我该怎么办啊"


def test_a_story_told_without_complaint_words_is_kept_for_the_complaint(conv_with_policies):
    u = User(conv_with_policies)
    ids, _ = u.send(PLAIN_STORY)
    assert ids[0] == "policy-answer" and "policy-complaint-offer" in ids, ids
    ids, _ = u.send("投诉")
    # The kind is the answer's topic's (unpaid wages): neither asked nor the story.
    assert ids[0] == "complaint-story-kept" and "complaint-ask-what" not in ids \
        and "complaint-ask-kind" not in ids, ids
    for said in ("跳过", "不用"):
        u.send(said)
    u.send("提交")
    [ticket] = lodged(u)
    assert ticket.data()["kind"] == "wages" and "二十多天" in ticket.data()["text"]


def test_a_short_question_or_another_topic_is_no_story(conv_with_policies):
    for asked in ("泉州最低工资是多少", "灵活就业人员怎么交养老保险 我一个人在外面打零工好多年了"):
        u = User(conv_with_policies)
        ids, _ = u.send(asked)
        assert ids[0] == "policy-answer" and "policy-complaint-offer" not in ids, (asked, ids)


def test_the_story_topics_are_policy_entries_and_their_kinds_complaint_kinds(conv_with_policies):
    from bot.language.choices import choice_words

    kinds = set(choice_words("complaint_kind").words)
    topics = conv_with_policies.nlu.story_topics
    assert topics and all(conv_with_policies.policies.entry(t) is not None for t in topics), topics
    assert all(k == "" or k in kinds for k in topics.values()), topics


def test_a_story_told_in_the_middle_of_a_registration_is_kept_for_the_complaint(conv_with_policies):
    """Found in ./dev chat: the story at "what work can you do?" was answered
    with the policy and the registration went on, but without the way to
    complain: "投诉" next asked for the story again."""
    u = User(conv_with_policies)
    for said in ("求职登记", "同意", "老王", "跳过"):
        u.send(said)
    assert u.state["dialog"]["state"] == "ask_trades"
    ids, _ = u.send(PLAIN_STORY)
    assert ids[0] == "policy-answer" and "policy-complaint-offer" in ids, ids
    assert u.state["dialog"]["state"] == "ask_trades", "the registration goes on"
    ids, _ = u.send("投诉")
    assert "complaint-story-kept" in ids and "complaint-ask-kind" not in ids, ids


def test_the_number_given_in_the_story_is_offered_at_the_phone_question(conv_with_policies):
    """Found in ./dev chat: "工资被拖欠了，电话13655556666，请打给我" was then
    asked "留个手机号" as if no number had been given."""
    u = User(conv_with_policies)
    ids, _ = u.send("工资被拖欠了，电话13655556666，请打给我")
    ids, out = u.send("跳过")   # no photos
    assert "complaint-ask-phone-said" in ids, ids
    said = next(s for s in out.out if s.id == "complaint-ask-phone-said")
    assert said.vars["phone"] == "136****6666"
    u.send("对的")
    u.send("提交")
    [ticket] = lodged(u)
    assert ticket.data()["phone"] == "13655556666"
    # Another number typed instead is the one called; with no number in the story the plain question.
    u = User(conv_with_policies)
    u.send("工资被拖欠了，电话13655556666，请打给我")
    u.send("跳过")
    u.send("13900001111")
    u.send("提交")
    assert lodged(u)[0].data()["phone"] == "13900001111"
    u = User(conv_with_policies)
    u.send("老板欠我三天工钱不给")
    ids, _ = u.send("跳过")
    assert "complaint-ask-phone" in ids and "complaint-ask-phone-said" not in ids, ids


def test_a_number_the_story_says_is_someone_elses_is_not_offered(conv_with_policies):
    u = User(conv_with_policies)
    u.send("晋江池店工地的包工头欠我十二天工钱一共两千四 他电话13655556666 一直躲着不给")
    ids, _ = u.send("跳过")
    assert "complaint-ask-phone" in ids and "complaint-ask-phone-said" not in ids, ids


def test_a_complaint_told_in_its_first_message_is_said_to_be_heard(conv_with_policies):
    # Found in ./dev chat: the story in the first message was followed straight
    # by "send photos if you have any", as if it had not been heard.
    ids, _ = User(conv_with_policies).send("老板欠我三天工钱不给 说好一天两百 在晋江工地")
    assert ids[:2] == ["complaint-heard", "complaint-ask-photos"], ids
    ids, _ = User(conv_with_policies).send("我要投诉")
    assert "complaint-heard" not in ids   # nothing told yet: asked what happened
