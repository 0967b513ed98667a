"""The WeChat webhook: GET verification and POST messages (CONTRACT.md, HTTP).

verify signature → read safely (64 KiB cap, no DTD, no entities) →
decrypt (safe and compatible mode, wechatpy's crypto) → parse → the turn
service → passive reply (encrypted when the request was), or `success`
when the answer goes out later.

Every message passes through here, so the plain parts are done by hand
rather than through wechatpy's general objects: the flat XML is read into
a dict by a regular expression (expat for any other form), the signature
is one SHA-1, and the reply is
one string in the layout wechatpy's TextReply renders
(tests/unit/test_wechat_wire.py holds them to wechatpy's output).
"""
from __future__ import annotations

import asyncio
import functools
import hashlib
import hmac
import json
import logging
import re
import time
from xml.parsers import expat

from aiohttp import web
from wechatpy.crypto import PrpCrypto, WeChatCrypto
from wechatpy.exceptions import InvalidAppIdException

from bot.turn.conversation import Inbound
from bot.engine.dialog import Location
from bot.handlers.keys import CATALOG, KV, SETTINGS, TURNS
from bot.store.kv import Nonce
from bot.turn.service import NonceReused, TurnProgress, mask_openid

log = logging.getLogger("bot.webhook")

BODY_LIMIT = 64 * 1024
# WeChat's XML is two or three levels deep; anything much deeper is not
# WeChat's and is refused before it costs anything.
MAX_DEPTH = 8


class BadRequest(Exception):
    """Not well-formed WeChat XML: 400."""


# ---------------------------------------------------------------- reading

async def read_body(request: web.Request, limit: int = BODY_LIMIT) -> bytes:
    """The body, refused with 413 past `limit` bytes (declared or chunked)."""
    if request.content_length is not None and request.content_length > limit:
        raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=request.content_length)
    chunks, size = [], 0
    while True:
        chunk = await request.content.read(16 * 1024)
        if not chunk:
            break
        size += len(chunk)
        if size > limit:
            raise web.HTTPRequestEntityTooLarge(max_size=limit, actual_size=size)
        chunks.append(chunk)
    return b"".join(chunks)


def parse_xml(data: bytes | str) -> dict:
    """WeChat's flat <xml> document as a dict (nested elements as dicts,
    repeated ones as lists, a leaf as its text). DTDs and entities are
    refused outright (a user's text that reads like one is text), and so
    is nesting deeper than MAX_DEPTH.

    The dict is what ElementTree's tree gives (a leaf's text is all its
    character data, CDATA included; comments, processing instructions,
    attributes and text between elements are left out; a namespaced name
    is "{uri}name"), built by expat directly without the tree."""
    raw = data.encode("utf-8") if isinstance(data, str) else data
    flat = _flat_fields(raw)
    if flat is not None:
        return flat
    # The open elements: [name, children, text pieces] each.
    stack: list[list] = []
    found: list[tuple[str, dict]] = []

    def start(name: str, attrs) -> None:
        if len(stack) >= MAX_DEPTH:
            raise BadRequest(f"nested more than {MAX_DEPTH} levels deep")
        stack.append(["{" + name if "}" in name else name, {}, []])

    def end(name: str) -> None:
        tag, children, text = stack.pop()
        if not stack:
            found.append((tag, children))
            return
        value = children or "".join(text)
        siblings = stack[-1][1]
        if tag in siblings:
            earlier = siblings[tag]
            if isinstance(earlier, list):
                earlier.append(value)
            else:
                siblings[tag] = [earlier, value]
        else:
            siblings[tag] = value

    def characters(text: str) -> None:
        if stack:
            stack[-1][2].append(text)

    parser = expat.ParserCreate(None, "}")   # "}": namespaced names as ElementTree spells them
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.buffer_text = True
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = characters
    # A DTD is refused where it starts, before any entity it declares is
    # read, in any encoding (a user's text that only looks like one is text).
    parser.StartDoctypeDeclHandler = _refuse_dtd
    parser.EntityDeclHandler = _refuse_dtd
    parser.UnparsedEntityDeclHandler = _refuse_dtd
    parser.ExternalEntityRefHandler = _refuse_external
    try:
        parser.Parse(raw, True)
    except (expat.ExpatError, ValueError) as exc:
        raise BadRequest(f"not well-formed XML: {exc}") from exc
    if not found or found[0][0] != "xml":
        raise BadRequest("the root element is not <xml>")
    return found[0][1]


# Every message WeChat sends but a location pick is <xml> holding leaves,
# each one CDATA section or plain text. That form is read with one regular
# expression a leaf, about half of expat's time with a call a piece; whatever
# is not exactly that form (a declaration, an entity, a CR, which XML reads
# as LF, a repeated or nested element, a character XML forbids) goes to
# expat, so both read a document the same or this one does not read it.
_FLAT_LEAF = re.compile(r"<([A-Za-z_][A-Za-z0-9_]*)>(?:<!\[CDATA\[(.*?)\]\]>|([^<&\]\r]*))</\1>[ \t\n]*", re.S)
_NOT_XML_CHAR = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\r\ufffe\uffff]")


def _flat_fields(raw: bytes) -> dict | None:
    """The fields of a flat WeChat message, or None when it is not one."""
    try:
        doc = raw.decode("utf-8").strip(" \t\n")
    except UnicodeDecodeError:
        return None
    if not (doc.startswith("<xml>") and doc.endswith("</xml>")) or _NOT_XML_CHAR.search(doc):
        return None
    pos, end = 5, len(doc) - 6
    while pos < end and doc[pos] in " \t\n":
        pos += 1
    fields: dict = {}
    leaf = _FLAT_LEAF.match
    while pos < end:
        found = leaf(doc, pos, end)
        if found is None:
            return None
        tag, cdata, text = found.groups()
        if tag in fields or (cdata is not None and "]]>" in cdata):
            return None   # repeated (a list), or text after a CDATA section
        fields[tag] = text if cdata is None else cdata
        pos = found.end()
    return fields


def _refuse_dtd(*_args) -> None:
    raise BadRequest("DTDs and entities are not accepted")


def _refuse_external(*_args) -> int:
    raise BadRequest("DTDs and entities are not accepted")


def to_inbound(fields: dict) -> tuple[Inbound, str]:
    """The conversation's view of a message, and its de-duplication key
    (MsgId; for events FromUserName + CreateTime + Event)."""
    if not isinstance(fields.get("FromUserName"), str) or not fields.get("FromUserName") \
            or not isinstance(fields.get("MsgType"), str) or not fields.get("MsgType"):
        raise BadRequest("FromUserName and MsgType are required")
    openid = fields["FromUserName"]
    kind = str(fields["MsgType"]).lower()
    create_time = str(fields.get("CreateTime", ""))
    if kind == "event":
        event = str(fields.get("Event", "")).lower()
        key = fields.get("EventKey")
        inbound = Inbound(openid, "event", event=event, event_key=key if isinstance(key, str) else "")
        if event == "location":
            inbound.location = _location(fields.get("Latitude"), fields.get("Longitude"))
        elif event == "location_select" and isinstance(fields.get("SendLocationInfo"), dict):
            info = fields["SendLocationInfo"]
            inbound.location = _location(info.get("Location_X"), info.get("Location_Y"), info.get("Label", ""))
        msg_key = f"evt:{openid}:{create_time}:{event}"
        return inbound, msg_key
    msg_id = str(fields.get("MsgId", "")).strip()
    msg_key = f"msg:{msg_id}" if msg_id else f"msg:{openid}:{create_time}:{kind}"
    if kind == "text":
        return Inbound(openid, "text", text=_s(fields.get("Content"))), msg_key
    if kind == "voice":
        return Inbound(openid, "voice", text=_s(fields.get("Recognition")),  # the recording: complaint evidence
                       media={"media_id": _s(fields.get("MediaId")), "format": _s(fields.get("Format"))}), msg_key
    if kind == "location":
        loc = _location(fields.get("Location_X"), fields.get("Location_Y"), _s(fields.get("Label")))
        return Inbound(openid, "location" if loc else "unknown", location=loc), msg_key
    media = {k: v for k, v in (("media_id", fields.get("MediaId")), ("url", fields.get("PicUrl") or fields.get("Url")),
                               ("title", fields.get("Title"))) if isinstance(v, str) and v}
    known = kind in ("image", "video", "shortvideo", "link", "file", "miniprogrampage")
    return Inbound(openid, kind if known else "unknown", media=media), msg_key


def _s(v) -> str:
    return v if isinstance(v, str) else ""


def _location(lat, lng, label: str = "") -> Location | None:
    try:
        la, lo = float(lat), float(lng)
    except (TypeError, ValueError):
        return None
    if not (-90 <= la <= 90 and -180 <= lo <= 180):
        return None
    return Location(la, lo, label or "")


# ---------------------------------------------------------------- replies

def render_text_reply(openid: str, account: str, text: str) -> str:
    """The passive text reply, exactly as wechatpy's TextReply renders it
    (its element order, CDATA, CreateTime in whole seconds)."""
    # CDATA cannot hold "]]>": break it so the reply stays well-formed.
    return (f"<xml>\n<MsgType><![CDATA[text]]></MsgType>\n"
            f"<Content><![CDATA[{text.replace(']]>', ']] >')}]]></Content>\n"
            f"<FromUserName><![CDATA[{account}]]></FromUserName>\n"
            f"<ToUserName><![CDATA[{openid}]]></ToUserName>\n"
            f"<CreateTime>{int(time.time())}</CreateTime>\n</xml>")


# ---------------------------------------------------------------- handlers

def _signed(request: web.Request) -> bool:
    """The query's signature is the token's, and its timestamp is recent.
    WeChat signs only token, timestamp and nonce (not the body), so a
    signature seen once (an access log) must not stay usable: it is taken
    only within `signature_max_age` seconds of its timestamp, and
    `_nonce_fresh` refuses it with another body."""
    settings = request.app[SETTINGS]
    q = request.query
    sig, ts, nonce = q.get("signature", ""), q.get("timestamp", ""), q.get("nonce", "")
    if not (sig and ts and nonce) or not _recent(ts, settings.signature_max_age):
        return False
    return _same(sig, _signature(settings.wechat_token.reveal(), ts, nonce))


def _recent(timestamp: str, max_age: int) -> bool:
    try:
        return abs(time.time() - int(timestamp)) <= max_age
    except ValueError:
        return False


def _signature(*parts: str) -> str:
    """WeChat's signature: SHA-1 of the sorted, joined parts (sorting the
    text sorts its UTF-8 bytes the same way, as wechatpy's signer does)."""
    return hashlib.sha1("".join(sorted(parts)).encode("utf-8")).hexdigest()


def _same(given: str, expected: str) -> bool:
    """Constant-time comparison (a timing difference must not leak how much
    of a forged signature was right)."""
    return hmac.compare_digest(given.strip().lower().encode(), expected.encode())


def _nonce(request: web.Request, message: bytes) -> Nonce:
    """The request's nonce as the turn checks it (with the turn's other
    marks, one round trip): kept with a digest of the message it came
    with, in the key-value store (shared by every process), for as long as
    its timestamp is accepted. The same nonce with the same message is
    WeChat's resend and goes on to de-duplication; with another message it
    is a captured signature put on a forged body."""
    kv = request.app[KV]
    q = request.query
    ts, nonce = q.get("timestamp", ""), q.get("nonce", "")
    ttl = max(1.0, int(ts) + request.app[SETTINGS].signature_max_age - time.time() + 1)
    return Nonce(kv.key("nonce", ts, nonce[:64]), hashlib.sha256(message).hexdigest(), ttl)


async def verify(request: web.Request) -> web.Response:
    """WeChat's server check when the URL is saved in the admin console."""
    if not _signed(request):
        return _forbidden("signature")
    return web.Response(text=request.query.get("echostr", ""))


def _crypto(settings) -> WeChatCrypto | None:
    if not settings.wechat_aes_key:
        return None
    return WeChatCrypto(settings.wechat_token.reveal(), settings.wechat_aes_key.reveal(), settings.wechat_app_id)


async def receive(request: web.Request) -> web.Response:
    started = time.monotonic()
    settings = request.app[SETTINGS]
    if not _signed(request):
        return _forbidden("signature")
    q = request.query
    encrypted = q.get("encrypt_type", "raw").lower() == "aes"
    if settings.wechat_aes_key and not encrypted and not settings.wechat_allow_plaintext:
        # In safe mode every message from WeChat is encrypted; a plaintext
        # one carries only the query's signature, which does not cover it.
        return _forbidden("plaintext")
    body = await read_body(request)
    try:
        outer = parse_xml(body)
        if encrypted:
            message = _decrypt(settings, outer, q)
            fields = parse_xml(message)
        else:
            message, fields = body, outer
        inbound, msg_key = to_inbound(fields)
    except _Forbidden:
        return _forbidden("msg_signature")
    except BadRequest as exc:
        log.info(json.dumps({"event": "bad_request", "why": str(exc)[:200]}))
        return web.Response(status=400, text="bad request")
    to = fields.get("ToUserName")
    account = to if isinstance(to, str) else ""
    progress = TurnProgress()
    # (When the store is unreachable the nonce cannot be checked: the turn
    # fails before anything is done, and the user is asked to send it again.)
    reply = await _answer_in_time(request, inbound, msg_key, progress, settings.reply_budget,
                                  _nonce(request, message))
    if reply is _REPLAYED:
        return _forbidden("nonce reused with another body")
    _log_turn(inbound, progress, started)
    return _reply(request, inbound, account, encrypted, reply)


def _reply(request: web.Request, inbound: Inbound, account: str, encrypted: bool, reply: str) -> web.Response:
    """The passive reply (encrypted when the request was), or `success`."""
    if not reply:
        return web.Response(text="success")
    xml = render_text_reply(inbound.openid, account, reply)
    # (an encrypted request was decrypted, so the key is configured)
    crypto = _crypto(request.app[SETTINGS]) if encrypted else None
    if crypto is not None:
        xml = crypto.encrypt_message(xml, request.query.get("nonce", ""), str(int(time.time())))
    return web.Response(text=xml, content_type="application/xml")


def _forbidden(why: str) -> web.Response:
    log.info(json.dumps({"event": "forbidden", "why": why}))
    return web.Response(status=403, text="forbidden")


class _Forbidden(Exception):
    pass


def _decrypt(settings, outer: dict, q) -> bytes:
    """The message inside a safe- or compatible-mode envelope, once its
    msg_signature (which does cover the encrypted body) is checked."""
    crypto = _crypto(settings)
    encrypt = outer.get("Encrypt")
    if crypto is None or not isinstance(encrypt, str) or not encrypt:
        raise BadRequest("an encrypted message, but no EncodingAESKey is configured or no Encrypt")
    signature = _signature(settings.wechat_token.reveal(), q.get("timestamp", ""), q.get("nonce", ""), encrypt)
    if not _same(q.get("msg_signature", ""), signature):
        raise _Forbidden()
    try:
        plain = PrpCrypto(crypto.key).decrypt(encrypt, settings.wechat_app_id)
    except InvalidAppIdException as exc:
        raise BadRequest("encrypted for another app id") from exc
    except Exception as exc:  # bad base64, bad padding, bad length
        raise BadRequest(f"cannot decrypt: {type(exc).__name__}") from exc
    return plain.encode("utf-8") if isinstance(plain, str) else plain


# What `_answer_in_time` answers for a request whose nonce came before with another body.
_REPLAYED = "\0replayed"


async def _answer_in_time(request: web.Request, inbound: Inbound, msg_key: str, progress: TurnProgress,
                          budget: float, nonce: Nonce) -> str:
    """Run the turn; if it is not done within the budget, answer `success`
    now and let it finish and send its answer as a customer-service message.
    _REPLAYED for a nonce reused with another body (nothing done)."""
    turns = request.app[TURNS]
    loop = asyncio.get_running_loop()
    task = loop.create_task(turns.handle(inbound, msg_key, progress, nonce))
    # Whichever comes first, the turn's end or the budget's; the turn goes
    # on running at the budget. (asyncio.wait does the same with a set, a
    # counter and passes over its futures: 14 against 10 µs a message.)
    woken = loop.create_future()
    timer = loop.call_later(budget, _wake, woken)
    task.add_done_callback(functools.partial(_wake, woken))
    try:
        await woken
    finally:
        timer.cancel()
    if not task.done():
        if progress.answered:
            return await task
        progress.late = True
        task.add_done_callback(_log_late_failure)
        return ""
    try:
        return task.result()
    except NonceReused:
        return _REPLAYED
    except Exception:
        log.exception("turn failed for %s", mask_openid(inbound.openid))
        catalog = request.app[CATALOG]
        return catalog.text(request.app[SETTINGS].default_locale, "system-busy")


def _wake(woken: asyncio.Future, *_why) -> None:
    if not woken.done():
        woken.set_result(None)


def _log_late_failure(task: asyncio.Future) -> None:
    if not task.cancelled() and task.exception() is not None and not isinstance(task.exception(), NonceReused):
        log.error("a late turn failed", exc_info=task.exception())


def _log_turn(inbound: Inbound, progress: TurnProgress, started: float) -> None:
    if not log.isEnabledFor(logging.INFO):
        return
    log.info(_TURN_LOG.encode({
        "event": "message", "user": mask_openid(inbound.openid), "kind": inbound.kind,
        "ev": inbound.event or None, "intent": progress.info.get("intent"),
        "state": progress.info.get("state"), "resend": progress.info.get("resend", False),
        "late": progress.late, "ms": round((time.monotonic() - started) * 1000, 1)}))


# One encoder for every turn's line (json.dumps with options builds one a call).
_TURN_LOG = json.JSONEncoder(ensure_ascii=False)
