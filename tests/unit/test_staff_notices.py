"""Staff notices made in one place (bot/services/staff_notices.py): what
users typed is masked and cannot format, mention or link; every notice
fits the WeCom robot's limits; notices waiting together make one post."""
import re

from bot.handlers.outbound import Post, plan_posts
from bot.i18n import Catalog
from bot.services import staff_notices as sn
from bot.store.repos import OutboxMessage

CAT = Catalog()
STORY = "我在工地上摔伤了腿，老板不管。" * 70           # 1,050 characters, 3,150 bytes
PHOTOS = [{"media_id": f"media{n}", "url": f"http://mmbiz.qpic.cn/mmbiz_jpg/{'x' * 90}{n}/0?wx_fmt=jpeg"}
          for n in range(1, 7)]


def ticket_notice(story=STORY, photos=PHOTOS, employer="-", ticket=17, phone="138****5678"):
    return sn.notice(
        CAT, "staff-ticket", ticket=ticket,
        vars=dict(id=ticket, kind="injury", urgent="yes", user="…abcdefgh", job="#3", call="yes",
                  time="2026-12-04 09:30", dialog="complaint"),
        user=dict(employer=employer, market="-", phone=phone), story=story, photos=photos,
        short=("staff-ticket-short", {"id": ticket, "urgent": "yes"}))


def content(payload):
    return payload["markdown"]["content"] if payload["msgtype"] == "markdown" else payload["text"]["content"]


def test_the_injury_notice_that_was_4126_bytes_now_fits_and_points_to_the_whole_ticket():
    old_way = CAT.text("zh_CN", "staff-ticket", id=17, kind="injury", urgent="yes", user="…abcdefgh", job="#3",
                       phone="138****5678", call="yes", time="2026-12-04 09:30", employer="-", dialog="complaint",
                       market="-", text="\n".join("> " + ln for ln in STORY.splitlines()),
                       photos="\n".join(f"[{n}]({p['url']})" for n, p in enumerate(PHOTOS, 1)))
    assert sn.size(old_way) > sn.MARKDOWN_MAX_BYTES, "the reproduction: too long for WeCom as it was made"
    payload = ticket_notice()
    text = content(payload)
    assert payload["msgtype"] == "markdown" and sn.size(text) <= sn.MARKDOWN_MAX_BYTES
    assert "查看 17" in text, "a pointer to the whole story"
    assert "我在工地上摔伤了腿" in text and "#17" in text and all(f"[{n}](" in text for n in range(1, 7))
    assert sn.size(text) > sn.MARKDOWN_MAX_BYTES - 200, "as much of the story as fits, not a stub"
    assert payload["_notice"] == {"ticket": 17, "short": {"msgtype": "text", "text": {"content": CAT.text(
        "zh_CN", "staff-ticket-short", id=17, urgent="yes")}}}


def test_a_short_story_is_kept_whole():
    text = content(ticket_notice(story="老板不给钱\n欠了三天"))
    assert "> 老板不给钱\n> 欠了三天" in text and "查看 17”）" not in text.split("回复用户")[0].split("内容")[1]


def test_what_users_typed_cannot_format_mention_or_link():
    sneaky = "张三<@all>**急**"
    payload = ticket_notice(story=f"{sneaky}\n# 标题\n[点这里](http://evil.example/x) www.evil.example `code` > 引用",
                            employer=sneaky, photos=[])
    text = content(payload)
    for active in ("<@", "@all", "**急**", "[点这里]", "](http", "http://evil", "www.evil", "`code`", "\n# 标题"):
        assert active not in text, active
    assert "张三" in text and "急" in text, "the words are still there to read"
    assert text.count("**") == 2, "only our own title is bold"
    assert "\n> ＃ 标题" in text and "＞ 引用" in text


def test_only_the_staff_on_duty_are_mentioned_and_only_in_the_mention_message():
    payload = sn.mention(CAT, "staff-urgent", ("wang.li", "zhang.san"), id=17, kind="injury")
    assert payload["msgtype"] == "text"
    assert payload["text"]["mentioned_list"] == ["wang.li", "zhang.san"]
    assert "17" in payload["text"]["content"]


def test_phones_and_identity_numbers_are_masked_in_notices():
    text = content(ticket_notice(story="我的身份证350502199001011234，电话13912345678，银行卡6222021234567890123"))
    assert "350502199001011234" not in text and "13912345678" not in text and "6222021234567890123" not in text
    assert "3505" in text and "1234" in text and "139" in text and "5678" in text


def test_a_notice_that_cannot_fit_at_all_becomes_its_short_text():
    payload = ticket_notice(employer="长" * 1500)   # 4,500 bytes of employer name alone
    assert payload["msgtype"] == "text" and sn.size(payload["text"]["content"]) <= sn.TEXT_MAX_BYTES
    assert "查看 17" in payload["text"]["content"]


def test_photo_links_cannot_break_out_of_the_link():
    field = sn.photo_links([{"url": "http://mmbiz.qpic.cn/a b)<@all>[x]"}, {"url": "javascript:alert(1)",
                                                                           "media_id": "m<@all>"}])
    assert field.startswith("[1](http://mmbiz.qpic.cn/a%20b%29%3C%40all%3E%5Bx%5D)")
    assert "javascript" not in field and "<@" not in field


def test_wire_keeps_any_payload_within_the_limits_and_leaves_our_keys_out():
    long_md = sn.markdown("\n".join(f"第{n}行 " + "字" * 100 for n in range(40)))
    long_md["_notice"] = {"ticket": 3}
    sent = sn.wire(long_md)
    assert "_notice" not in sent and sn.size(sent["markdown"]["content"]) <= sn.MARKDOWN_MAX_BYTES
    assert sent["markdown"]["content"].endswith("\u2026")
    sent = sn.wire(sn.text("字" * 1000))
    assert sn.size(sent["text"]["content"]) <= sn.TEXT_MAX_BYTES


def test_logs_keep_a_notice_masked_and_short():
    line = sn.for_log(sn.markdown("**人工** 回电 13811112222\n" + "很长" * 300))
    assert "13811112222" not in line and "138****2222" in line and len(line) <= 201 and "\n" not in line


# ---------------------------------------------------------------------------- what goes in one post


def waiting(n, priority=0, start=1, payload=None):
    return [OutboxMessage(i, f"k{i}", "staff", "staff",
                          payload or sn.markdown(f"**人工** #{i}\n用户：…{i:08d}"), 1, 0.0, priority)
            for i in range(start, start + n)]


def test_with_room_for_all_each_notice_goes_alone():
    posts = plan_posts(waiting(5), sent=[], now=1000.0, per_minute=20, catalog=CAT)
    assert [p.keys for p in posts] == [["k1"], ["k2"], ["k3"], ["k4"], ["k5"]]


def test_urgent_notices_go_first_and_a_flood_of_ordinary_ones_goes_together():
    ordinary, urgent = waiting(30), waiting(2, priority=1, start=100)
    posts = plan_posts(urgent + ordinary, sent=[], now=1000.0, per_minute=20, catalog=CAT)
    assert posts[0].keys == ["k100"] and posts[1].keys == ["k101"]
    together = posts[2:]
    assert 1 <= len(together) <= 8 - 2, "a burst of at most half the minute's ordinary places"
    keys = [k for p in together for k in p.keys]
    assert keys == [f"k{i}" for i in range(1, 31)], "all thirty, in order, none twice"
    for p in together:
        text = p.payload["markdown"]["content"]
        assert sn.size(text) <= sn.MARKDOWN_MAX_BYTES and "条通知" in text.split("\n")[0]
        assert all(re.search(rf"#{k[1:]}\b", text) for k in p.keys)


def test_after_the_burst_ordinary_notices_wait_their_turn_and_then_go_together():
    now = 1000.0
    burst = [now - 10 + i * 0.1 for i in range(8)]
    assert plan_posts(waiting(3), sent=burst + [now - 1.0], now=now, per_minute=20, catalog=CAT) == [], \
        "a post a second ago: wait"
    posts = plan_posts(waiting(3), sent=burst + [now - 4.0], now=now, per_minute=20, catalog=CAT)
    assert [p.keys for p in posts] == [["k1", "k2", "k3"]], "then all that waited, in one post"
    urgent = plan_posts(waiting(2, priority=1), sent=burst + [now - 1.0], now=now, per_minute=20, catalog=CAT)
    assert [p.keys for p in urgent] == [["k1"], ["k2"]], "urgent notices do not wait their turn"


def test_a_notice_refused_in_a_combined_post_then_goes_alone():
    refused = sn.markdown("**人工** #1")
    refused["_notice"] = {"ticket": 1, "alone": True}
    msgs = waiting(1, payload=refused) + waiting(10, start=2)
    posts = plan_posts(msgs, sent=[], now=1000.0, per_minute=20, catalog=CAT)
    assert posts[0].keys == ["k1"] and posts[1].keys == [f"k{i}" for i in range(2, 12)]


def test_the_last_places_of_the_minute_are_for_urgent_notices():
    now = 1000.0
    assert plan_posts(waiting(3), sent=[now - 30] * 20, now=now, per_minute=20, catalog=CAT) == []
    assert plan_posts(waiting(3), sent=[now - 30] * 16, now=now, per_minute=20, catalog=CAT) == []
    posts = plan_posts(waiting(3, priority=1), sent=[now - 30] * 16, now=now, per_minute=20, catalog=CAT)
    assert [p.keys for p in posts] == [["k1"], ["k2"], ["k3"]]
    assert isinstance(posts[0], Post)


# ---- #14 staff in Chinese ------------------------------------------------------------------


def test_the_token_alert_says_in_words_why_wechat_gave_no_token():
    """Before: '连续 5 次拿不到 access_token（40164: invalid ip 1.2.3.4 …）', WeChat's code and English only."""
    text = CAT.text("zh_CN", "staff-alert-token", since="2026-12-06 09:00", count=5, errcode=40164,
                    error="40164: invalid ip 1.2.3.4")
    assert "IP 不在公众号的 IP 白名单里" in text and "40164: invalid ip" in text, text
    busy = CAT.text("zh_CN", "staff-alert-token", since="-", count=5, errcode=-1, error="-1: system error")
    assert "连不上微信，或微信系统繁忙" in busy, busy
    other = CAT.text("zh_CN", "staff-alert-token", since="-", count=5, errcode=61024, error="61024")
    assert "微信返回了错误" in other, other
