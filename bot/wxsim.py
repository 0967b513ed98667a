"""What WeChat's servers do towards the bot: build message XML, sign the
query, encrypt in safe mode, and read the (encrypted) reply back. Used by
`python -m bot chat` and the benchmark, so both go through the real
pipeline."""
from __future__ import annotations

import hashlib
import secrets
import time
from typing import Any

import defusedxml.ElementTree as SafeET
from wechatpy.crypto import WeChatCrypto

ACCOUNT = "gh_quanzhou_gig"


def cdata(value: Any) -> str:
    return "<![CDATA[" + str(value).replace("]]>", "]]]]><![CDATA[>") + "]]>"


def message_xml(openid: str, msg_type: str, account: str = ACCOUNT, **fields: Any) -> str:
    parts = [f"<ToUserName>{cdata(account)}</ToUserName>", f"<FromUserName>{cdata(openid)}</FromUserName>",
             f"<CreateTime>{int(time.time())}</CreateTime>", f"<MsgType>{cdata(msg_type)}</MsgType>"]
    for k, v in fields.items():
        parts.append(f"<{k}>{v}</{k}>" if isinstance(v, (int, float)) else f"<{k}>{cdata(v)}</{k}>")
    if msg_type != "event" and "MsgId" not in fields:
        parts.append(f"<MsgId>{secrets.randbelow(10**18) + 10**17}</MsgId>")
    return "<xml>" + "".join(parts) + "</xml>"


class WeChatSimulator:
    def __init__(self, token: str, aes_key: str = "", app_id: str = "") -> None:
        self.token = token
        self.crypto = WeChatCrypto(token, aes_key, app_id) if aes_key else None

    def sign(self, *parts: str) -> str:
        return hashlib.sha1("".join(sorted([self.token, *parts])).encode("utf-8")).hexdigest()

    def request(self, xml: str, openid: str) -> tuple[dict, str]:
        """Query parameters and body for POST /wechat."""
        ts, nonce = str(int(time.time())), str(secrets.randbelow(9 * 10**9) + 10**9)
        query = {"signature": self.sign(ts, nonce), "timestamp": ts, "nonce": nonce, "openid": openid}
        if self.crypto is None:
            return query, xml
        envelope = self.crypto.encrypt_message(xml, nonce, ts)
        encrypt = SafeET.fromstring(envelope).findtext("Encrypt") or ""
        query.update(encrypt_type="aes", msg_signature=self.sign(ts, nonce, encrypt))
        body = (f"<xml><ToUserName>{cdata(ACCOUNT)}</ToUserName>"
                f"<Encrypt>{cdata(encrypt)}</Encrypt></xml>")
        return query, body

    def reply_text(self, body: str) -> str:
        """The text a user would read in a passive reply ('' for success)."""
        body = body.strip()
        if body in ("", "success"):
            return ""
        root = SafeET.fromstring(body)
        if root.find("Encrypt") is not None and self.crypto is not None:
            plain = self.crypto.decrypt_message(body, root.findtext("MsgSignature"), root.findtext("TimeStamp"),
                                                root.findtext("Nonce"))
            root = SafeET.fromstring(plain)
        return root.findtext("Content") or ""
