"""The WeChat side of a conversation, written independently of the bot:
sign, build XML, encrypt with wechatpy's reference crypto, read replies."""
from __future__ import annotations

import hashlib
import secrets
import time
import xml.etree.ElementTree as ET
from dataclasses import dataclass

from wechatpy.crypto import WeChatCrypto

ACCOUNT = "gh_test_account"


def sign(*parts: str) -> str:
    return hashlib.sha1("".join(sorted(parts)).encode()).hexdigest()


def cdata(v) -> str:
    return "<![CDATA[" + str(v).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def new_openid(tag: str = "u") -> str:
    return f"o{tag}_" + secrets.token_urlsafe(18)[:24]


def xml_message(openid: str, msg_type: str, msg_id: int | None = None, create_time: int | None = None,
                **fields) -> str:
    out = [f"<ToUserName>{cdata(ACCOUNT)}</ToUserName>", f"<FromUserName>{cdata(openid)}</FromUserName>",
           f"<CreateTime>{create_time or int(time.time())}</CreateTime>", f"<MsgType>{cdata(msg_type)}</MsgType>"]
    out += [f"<{k}>{cdata(v)}</{k}>" for k, v in fields.items()]
    if msg_type != "event":
        out.append(f"<MsgId>{msg_id or secrets.randbelow(10**17) + 10**16}</MsgId>")
    return "<xml>" + "".join(out) + "</xml>"


def text(openid: str, content: str, **kw) -> str:
    return xml_message(openid, "text", Content=content, **kw)


def event(openid: str, name: str, **fields) -> str:
    return xml_message(openid, "event", Event=name, **fields)


@dataclass
class Reply:
    status: int
    body: str
    text: str = ""
    to_user: str = ""
    encrypted: bool = False


class WeChat:
    """Posts to the bot as WeChat's servers would."""

    def __init__(self, client, token: str, aes_key: str = "", app_id: str = "") -> None:
        self.client = client
        self.token = token
        self.crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None

    def query(self, **extra) -> dict:
        ts, nonce = str(int(time.time())), str(secrets.randbelow(10**9))
        return {"signature": sign(self.token, ts, nonce), "timestamp": ts, "nonce": nonce, **extra}

    async def post(self, xml: str, aes: bool = False, query: dict | None = None, raw: bytes | None = None) -> Reply:
        q = query or self.query()
        body = raw if raw is not None else xml.encode()
        if aes:
            env = self.crypto.encrypt_message(xml, q["nonce"], q["timestamp"])
            enc = ET.fromstring(env).findtext("Encrypt")
            q.update(encrypt_type="aes", msg_signature=sign(self.token, q["timestamp"], q["nonce"], enc))
            body = f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName><Encrypt>{cdata(enc)}</Encrypt></xml>".encode()
        resp = await self.client.post("/wechat", params=q, data=body)
        raw_body = await resp.text()
        r = Reply(resp.status, raw_body)
        if resp.status != 200 or raw_body.strip() in ("", "success"):
            return r
        root = ET.fromstring(raw_body)
        if root.find("Encrypt") is not None:
            r.encrypted = True
            plain = self.crypto.decrypt_message(raw_body, root.findtext("MsgSignature"),
                                                root.findtext("TimeStamp"), root.findtext("Nonce"))
            root = ET.fromstring(plain)
        r.text = root.findtext("Content") or ""
        r.to_user = root.findtext("ToUserName") or ""
        return r

    async def say(self, openid: str, content: str, **kw) -> str:
        r = await self.post(text(openid, content), **kw)
        assert r.status == 200, r
        return r.text
