"""The webhook's wire format, done by hand for speed, held to the libraries
it replaced: the passive reply to wechatpy's TextReply, the parsed message
to ElementTree's tree, the signature to wechatpy's signer."""
import time
import xml.etree.ElementTree as ET

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from wechatpy.replies import TextReply
from wechatpy.utils import WeChatSigner

from bot.handlers import wechat
from bot.handlers.wechat import BadRequest, parse_xml, render_text_reply
from tests.wx import new_openid, text, xml_message

REPLIES = ["\u4f60\u597d\uff0c\u4e3a\u60a8\u627e\u5230 3 \u4e2a\u5de5\u4f5c",   # Chinese
           "a]]>b ]]> ]]]]>", "line one\nline two\r\n\n", "", "<b>&amp;</b> 'quotes' \"double\"",
           "emoji \U0001F600 and tab\t"]


@pytest.mark.parametrize("reply", REPLIES)
@pytest.mark.parametrize("account", ["gh_test_account", ""])
def test_the_passive_reply_is_what_wechatpy_renders(monkeypatch, reply, account):
    monkeypatch.setattr(time, "time", lambda: 1767225600.75)
    openid = new_openid()
    expected = TextReply(source=account, target=openid, content=reply.replace("]]>", "]] >")).render()
    assert render_text_reply(openid, account, reply) == expected
    # and it reads back as the same text (the "]]>" guard keeps it well-formed)
    assert ET.fromstring(expected).findtext("Content") == reply.replace("]]>", "]] >").replace("\r\n", "\n")


def _reference(data: bytes) -> dict:
    """What parse_xml returned when it was built on ElementTree."""
    def as_dict(el):
        out: dict = {}
        for child in el:
            value = as_dict(child) if len(child) else (child.text or "")
            if child.tag in out:
                prev = out[child.tag]
                out[child.tag] = (prev if isinstance(prev, list) else [prev]) + [value]
            else:
                out[child.tag] = value
        return out
    return as_dict(ET.fromstring(data))


DOCUMENTS = [
    text(new_openid(), "\u6211\u60f3\u627e\u5de5\u4f5c ]]> & < >"),
    text(new_openid(), "  spaces, \n newlines \r\n and\ttabs  "),
    text(new_openid(), ""),
    xml_message(new_openid(), "event", Event="location_select", EventKey="k"),
    "<xml><ToUserName>a</ToUserName><SendLocationInfo><Location_X>24.87</Location_X>"
    "<Location_Y>118.67</Location_Y><Scale>15</Scale><Label><![CDATA[\u6cc9\u5dde]]></Label>"
    "<Poiname/></SendLocationInfo></xml>",
    "<xml><A>1</A><A>2</A><A><B>3</B></A><C/><A>4</A></xml>",
    "<xml><A>one<![CDATA[ two ]]>three &lt;&amp;&#x4e2d;&#20013;</A></xml>",
    "<xml><A>x<!-- a comment -->y<?pi data?>z</A></xml>",
    "<xml>\n  <A attr='1'>a</A>\n  text between\n  <B><C>c</C>tail</B>\n</xml>",
    "<xml><A><B><C><D>deep</D></C></B></A></xml>",
    "<xml xmlns:w='urn:w'><w:A>ns</w:A><B xmlns='urn:b'>default</B></xml>",
    "<?xml version='1.0' encoding='utf-8'?>\n<xml><A>\u00e9</A></xml>\n",
    "<?xml version='1.0' encoding='latin-1'?><xml><A>\u00e9</A></xml>",
    "<xml/>",
    "<xml>only text</xml>",
]


@pytest.mark.parametrize("doc", DOCUMENTS)
def test_a_message_parses_as_elementtree_read_it(doc):
    data = doc.encode("latin-1") if "latin-1" in doc else doc.encode()
    assert parse_xml(data) == _reference(data)


@pytest.mark.parametrize("doc", [
    b"", b"not xml", b"<xml><A></xml>", b"<xml></xml><xml></xml>", b"<xml>&undefined;</xml>",
    b"<xml><a:b>unbound prefix</a:b></xml>", b"<root><A>1</A></root>", b"<xml><A x='1' x='2'/></xml>",
    b"<xml>\xff\xfe</xml>",
    # expat reads single-byte encodings only (so did ElementTree)
    "<?xml version='1.0' encoding='gbk'?><xml><A>\u4e2d\u6587</A></xml>".encode("gbk"),
    b'<!DOCTYPE xml [<!ENTITY e "boom">]><xml><A>&e;</A></xml>',
    b'<?xml version="1.0"?><!DOCTYPE xml SYSTEM "http://example.com/x.dtd"><xml/>',
    # a DTD the byte pre-check cannot see: refused by the parser itself
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE xml [<!ENTITY e "boom">]><xml><A>&e;</A></xml>'
    .encode("utf-16"),
    b"<xml>" + b"<A>" * 8 + b"deep" + b"</A>" * 8 + b"</xml>",
    b"<xml>" + b"<A>" * 100_000,
])
def test_what_is_not_wechats_xml_is_a_bad_request(doc):
    with pytest.raises(BadRequest):
        parse_xml(doc)


# Pieces a flat message is made of, and near misses of its form, so that
# random documents cross every edge of the quick reading (_flat_fields).
_TAGS = st.sampled_from(["Content", "MsgId", "A", "x_1", "a:b", "B-c", "1A"])
_TEXTS = st.lists(st.sampled_from(list("ab \t\n\r<>&;]") + ["]]>", "&amp;", "&#20013;", "\u4e2d",
                                                              "\x01", "\ufffe", "\U0001F600", "<!DOCTYPE"]),
                  max_size=6).map("".join)


@st.composite
def _documents(draw) -> bytes:
    leaves = []
    for _ in range(draw(st.integers(0, 4))):
        tag, body = draw(_TAGS), draw(_TEXTS)
        form = draw(st.sampled_from(["cdata", "text", "empty", "two-cdata", "nested", "self-closing"]))
        inner = {"cdata": f"<![CDATA[{body}]]>", "text": body, "empty": "",
                 "two-cdata": f"<![CDATA[{body}]]><![CDATA[{body}]]>", "nested": f"<{tag}>{body}</{tag}>"}.get(form)
        leaves.append(f"<{tag}/>" if inner is None else f"<{tag}>{inner}</{tag}>")
        leaves.append(draw(st.sampled_from(["", " ", "\n\t", "\r\n", "x"])))
    root = draw(st.sampled_from(["xml", "xml", "xml", "root"]))
    doc = draw(st.sampled_from(["", " \n", "\ufeff", "<?xml version='1.0'?>"])) + f"<{root}>" + "".join(leaves) \
        + f"</{root}>" + draw(st.sampled_from(["", "\n", "<!-- c -->"]))
    return doc.encode(draw(st.sampled_from(["utf-8", "utf-8", "utf-16"])), "surrogatepass")


@settings(max_examples=3000, deadline=None)
@given(_documents())
def test_a_random_document_reads_as_elementtree_reads_it_or_is_refused_as_it_refuses_it(doc):
    try:
        expected = _reference(doc) if ET.fromstring(doc).tag == "xml" else None
    except ET.ParseError:
        expected = None
    if expected is None:
        with pytest.raises(BadRequest):
            parse_xml(doc)
    else:
        assert parse_xml(doc) == expected


@pytest.mark.parametrize("doc", [text(new_openid(), "\u6211\u60f3\u627e\u5de5\u4f5c"), text(new_openid(), ""),
                                 xml_message(new_openid(), "event", Event="subscribe", EventKey=""),
                                 xml_message(new_openid(), "voice", MediaId="m1", Format="amr", Recognition="x"),
                                 "<xml>\n <ToUserName>a</ToUserName>\n <CreateTime>1</CreateTime>\n</xml>\n"])
def test_wechats_own_messages_take_the_quick_reading(doc):
    # (the randomised test above holds the quick reading to ElementTree;
    # this one fails if WeChat's messages stopped taking it)
    assert wechat._flat_fields(doc.encode()) == _reference(doc.encode())


def test_a_users_text_that_looks_like_a_dtd_is_read_as_text():
    doc = text(new_openid(), "<!DOCTYPE x [<!ENTITY e 'boom'>]> &e;")
    assert parse_xml(doc.encode())["Content"] == "<!DOCTYPE x [<!ENTITY e 'boom'>]> &e;"


def test_seven_levels_under_the_root_are_still_read():
    doc = b"<xml>" + b"<A>" * 7 + b"deep" + b"</A>" * 7 + b"</xml>"
    assert parse_xml(doc) == _reference(doc)


@pytest.mark.parametrize("parts", [("token", "1767225600", "123456"), ("tok", "1", "b", "Encrypted+/=="),
                                   ("\u4ee4\u724c", "Z", "a", "~")])
def test_the_signature_is_wechatpys(parts):
    signer = WeChatSigner()
    signer.add_data(*parts)
    assert wechat._signature(*parts) == signer.signature
