"""Complaint evidence without I/O: the dialog keeps the voice recording a
complaint was told with, the webhook hands the recording's media id on,
links are signed and expire, and bytes are recognised by what they are."""
import time

import pytest

from bot.features.complaints.messages import LodgeTicket
from bot.handlers.wechat import parse_xml, to_inbound
from bot.services import evidence
from bot.settings import Secret, Settings
from tests.unit.test_conversation import User, conv  # noqa: F401  (the fixture)
from tests.wx import xml_message

STORY = "老板拖欠我三天工资不给，一共六百块"


def lodged(u: User) -> dict:
    [ticket] = [e for e in u.commands if isinstance(e, LodgeTicket)]
    return ticket.data()


def test_a_complaint_told_by_voice_keeps_the_recording(conv):
    u = User(conv)
    u.send("投诉")
    u.send("1")
    ids, _ = u.send(STORY, kind="voice", media={"media_id": "V1", "format": "amr"})
    assert "complaint-ask-photos" in ids
    u.send(kind="image", media={"media_id": "P1", "url": "http://x/1.jpg"})
    u.send("好了")
    u.send("跳过")
    ids, out = u.send("对")
    assert "complaint-lodged" in ids
    data = lodged(u)
    assert [(v["media_id"], v["format"]) for v in data["voices"]] == [("V1", "amr")]
    assert [p["media_id"] for p in data["photos"]] == ["P1"]
    assert data["voices"][0]["at"] and data["photos"][0]["at"], "when it was sent: WeChat's 3 days run from then"


def test_a_complaint_opened_by_one_voice_message_keeps_it(conv):
    u = User(conv)
    ids, out = u.send(STORY, kind="voice", media={"media_id": "V1", "format": "amr"})
    assert "complaint-ask-photos" in ids
    assert [v["media_id"] for v in u.state["dialog"]["slots"]["voices"]] == ["V1"]


def test_typed_text_keeps_no_voice_and_the_summary_says_what_is_kept(conv):
    u = User(conv)
    u.send(STORY)
    u.send("跳过")
    ids, out = u.send("跳过")
    [summary] = [s for s in out.out if s.id == "complaint-summary"]
    assert summary.vars["voices"] == 0
    u.send("对的")
    assert lodged(u)["voices"] == []


def test_telling_it_again_drops_the_earlier_recording_and_going_back_undoes_it(conv):
    u = User(conv)
    u.send("投诉")
    u.send("1")
    u.send(STORY, kind="voice", media={"media_id": "V1", "format": "amr"})
    ids, _ = u.send("返回")
    assert ids[0] == "complaint-ask-what" and not u.state["dialog"]["slots"].get("voices")
    u.send(STORY, kind="voice", media={"media_id": "V2", "format": "amr"})
    u.send("跳过")
    ids, out = u.send("跳过")
    [summary] = [s for s in out.out if s.id == "complaint-summary"]
    assert summary.vars["voices"] == 1
    u.send("3")  # change "what happened"
    u.send("老板欠我工资，我打字说清楚：三天，六百块")
    u.send("提交")
    assert lodged(u)["voices"] == [], "the recording of the story told before is not sent"


def test_the_webhook_hands_a_voice_message_s_media_id_on():
    xml = xml_message("o_user", "voice", MediaId="MEDIA_V", Format="amr", Recognition=STORY)
    inbound, _ = to_inbound(parse_xml(xml))
    assert inbound.kind == "voice" and inbound.text == STORY
    assert inbound.media == {"media_id": "MEDIA_V", "format": "amr"}


def _settings(**kw) -> Settings:
    return Settings(**{"wechat_app_id": "wxapp", "wechat_app_secret": Secret("app-secret"),
                       "public_base_url": "https://gig.example.gov.cn", **kw})


def test_links_are_signed_for_one_piece_and_expire():
    s = _settings()
    key = evidence.link_key(s)
    now = time.time()
    row = {"id": 42, "nonce": "n0nce"}
    url = evidence.link(s, row, now)
    exp = int(url.split("exp=")[1].split("&")[0])
    sig = url.split("sig=")[1]
    assert abs(exp - (now + 7 * 24 * 3600)) < 2, "a week by default"
    assert evidence.signed(key, 42, "n0nce", exp, sig, now)
    assert not evidence.signed(key, 43, "n0nce", exp, sig, now), "another piece"
    assert not evidence.signed(key, 42, "other", exp, sig, now), "a new row that reused the id"
    assert not evidence.signed(key, 42, "n0nce", exp + 1, sig, now), "a longer life"
    assert not evidence.signed(key, 42, "n0nce", exp, sig, exp + 1), "expired"
    assert not evidence.signed(None, 42, "n0nce", exp, sig, now)
    assert not evidence.signed(key, 42, "n0nce", exp, "签名", now), "not even ASCII"
    other = evidence.link_key(_settings(wechat_token=Secret("another-token")))
    assert not evidence.signed(other, 42, "n0nce", exp, sig, now), "another deployment's key"
    assert evidence.link(_settings(public_base_url=""), row, now) is None


@pytest.mark.parametrize("kind,data,declared,expected", [
    ("image", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00" + b"\0" * 64, "image/jpeg", "image/jpeg"),
    ("image", b"\x89PNG\r\n\x1a\n" + b"\0" * 64, "image/jpeg", "image/png"),   # the bytes decide
    ("voice", b"#!AMR\n" + b"\0" * 64, "audio/amr", "audio/amr"),
    ("voice", b"\x00\x01speex-frames" + b"\0" * 64, "voice/speex", "audio/speex"),
    ("image", b"<html><script>alert(1)</script></html>", "image/jpeg", None),
    ("image", b"#!AMR\n" + b"\0" * 64, "audio/amr", None),                     # a voice where a photo was sent
    ("voice", b"MZ\x90\x00" + b"\0" * 64, "audio/amr", None),
])
def test_bytes_are_kept_only_as_what_they_are(kind, data, declared, expected):
    if expected is None:
        with pytest.raises(evidence.MediaRefused) as refused:
            evidence.content_type_of(kind, data, declared)
        assert refused.value.reason == "bad_type" and refused.value.permanent
    else:
        assert evidence.content_type_of(kind, data, declared) == expected


def test_back_off_grows_and_is_capped():
    assert 2.5 <= evidence.backoff(1, 5.0) <= 5.0
    assert 20 <= evidence.backoff(4, 5.0) <= 40
    assert evidence.backoff(30, 5.0) <= evidence.MAX_BACKOFF


def test_no_key_without_a_secret_to_derive_it_from():
    assert evidence.link_key(Settings()) is None
    assert evidence.link_key(Settings(evidence_link_secret=Secret("x"))) is not None


def test_a_phone_said_at_the_photos_question_ends_the_photos_and_is_the_call_back(conv):
    """Found in ./dev chat: "13812345678" at the photos question was "please
    send photos" twice. The photos sent are kept, the phone is not asked."""
    u = User(conv)
    u.send("投诉")
    u.send("1")
    u.send(STORY)
    u.send(kind="image", media={"media_id": "P1", "url": "http://x/1.jpg"})
    ids, out = u.send("我电话13812345678")
    assert "complaint-summary" in ids and "complaint-ask-phone" not in ids, ids
    assert out.out[ids.index("complaint-summary")].vars["phone"] == "13812345678"
    u.send("提交")
    data = lodged(u)
    assert data["phone"] == "13812345678" and [p["media_id"] for p in data["photos"]] == ["P1"]
    # A story that mentions a phone is more of the story, not the call back.
    u2 = User(conv, openid="o_unit_user2")
    u2.send("投诉")
    u2.send("1")
    u2.send(STORY)
    ids, _ = u2.send("老板的电话是13905951234，一直打不通，人也找不到了")
    assert "complaint-story-added" in ids and "complaint-summary" not in ids, ids


@pytest.mark.parametrize("have", ["有", "有的", "对的", "有聊天记录"])
def test_i_have_photos_said_at_the_photos_question_tells_how_to_send_them_and_a_yes_after_ends_them(conv, have):
    """Found in ./dev chat: "有" or "对的" at "有照片…可以现在发过来" was a
    miss ("请发照片，或者回复…"), three ended the complaint."""
    u = User(conv)
    u.send("投诉")
    u.send("1")
    u.send(STORY)
    for _ in range(3):
        ids, _ = u.send(have)
        assert ids[0] == "complaint-photos-send-how" and "dialog-gave-up" not in ids, ids
        assert u.state["dialog"]["state"] == "ask_photos" and not u.state["dialog"].get("tries")
    u.send(kind="image", media={"media_id": "P1", "url": "http://x/1.jpg"})
    ids, _ = u.send("好的")   # the photos sent: "ok" is done
    assert "complaint-ask-phone" in ids, ids
    u.send("跳过")
    u.send("对")
    assert [p["media_id"] for p in lodged(u)["photos"]] == ["P1"]


def test_no_photos_said_in_words_is_still_no_photos(conv):
    u = User(conv)
    u.send("投诉")
    u.send("1")
    u.send(STORY)
    ids, _ = u.send("没有")
    assert "complaint-ask-phone" in ids and "complaint-photos-send-how" not in ids
