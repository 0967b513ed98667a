"""Hostile and odd input at the webhook (property-based): never a 5xx,
never a stack trace in a reply, and the conversation still works after."""
import string

from hypothesis import HealthCheck, given, settings, strategies as st

from tests.wx import new_openid, text, xml_message

# What WeChat can deliver: any text XML 1.0 allows (no control characters
# but tab and newlines; WeChat itself strips the rest).
XML_CHARS = st.characters(blacklist_categories=("Cs", "Cc"), whitelist_characters="\t\n",
                          blacklist_characters="\ufffe\uffff")
ODD_TEXT = st.one_of(
    st.text(alphabet=XML_CHARS, max_size=200),
    st.text(alphabet=XML_CHARS, min_size=1, max_size=50),
    st.sampled_from(["' OR 1=1 --", "<script>alert(1)</script>", "]]>", "${jndi:ldap://x}",
                     "取消取消取消", "第999个", "１２３", "😀" * 300, "a" * 10000, "　", "\n\n\n", "%s%s%n"]),
)
HOSTILE_BODY = st.one_of(
    st.binary(max_size=2000),
    st.text(max_size=500).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.sampled_from([b"<xml>", b"<xml></xml>", b"<xml><MsgType>text</MsgType></xml>",
                     b"<?xml version='1.0'?><!DOCTYPE x [<!ENTITY a 'b'>]><xml>&a;</xml>",
                     b"<xml><FromUserName><![CDATA[o]]></FromUserName><MsgType><![CDATA[event]]></MsgType></xml>",
                     b"<xml><FromUserName>o</FromUserName><MsgType>location</MsgType><Location_X>abc</Location_X>"
                     b"<Location_Y>999</Location_Y></xml>"]),
)
TRACE_MARKERS = ("Traceback", "Error:", "Exception", "File \"")
FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def no_trace(body: str) -> None:
    assert not any(m in body for m in TRACE_MARKERS), body[:300]


@FUZZ
@given(content=ODD_TEXT)
async def test_odd_text_never_breaks_the_bot(bot, content):
    user = new_openid("f")
    r = await bot.wechat.post(text(user, content))
    assert r.status == 200, (content[:50], r.status)
    no_trace(r.body)
    assert len(r.text.encode("utf-8")) <= 2048


@FUZZ
@given(body=HOSTILE_BODY)
async def test_hostile_bodies_get_4xx_never_5xx(bot, body):
    resp = await bot.client.post("/wechat", params=bot.wechat.query(), data=body)
    assert resp.status < 500
    no_trace(await resp.text())


@FUZZ
@given(msg_type=st.sampled_from(["text", "voice", "image", "location", "link", "event", "video", "file", "x"]),
       field=st.text(alphabet=string.ascii_letters, min_size=1, max_size=12), value=ODD_TEXT)
async def test_random_fields_of_any_message_type(bot, msg_type, field, value):
    user = new_openid("f")
    r = await bot.wechat.post(xml_message(user, msg_type, **{field: value, "Event": value, "Content": value}))
    assert r.status == 200
    no_trace(r.body)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(answers=st.lists(ODD_TEXT, min_size=1, max_size=8))
async def test_random_answers_inside_dialogs_leave_a_working_conversation(bot, answers):
    for opener in ("求职登记", "招工", "投诉"):
        # A user of their own for each dialog: three dialogs of up to 11
        # messages from one user would pass the 30 a minute of the rate
        # limit, and "help" would then be answered with "slow down".
        user = new_openid("f")
        await bot.say(user, opener)
        for a in answers:
            r = await bot.wechat.post(text(user, a))
            assert r.status == 200
            no_trace(r.body)
        said = await bot.say(user, "取消")
        said = await bot.say(user, "帮助")
        assert "1 找工作" in said, f"after anything, help still works: {said!r}"
