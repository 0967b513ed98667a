"""Least exposure: how personal identifiers appear where they are not
needed whole (staff group notices, logs, error texts).

The full callback phone is shown only in the staff's own ticket view; a
notice in the group chat, which many people read and which stays in
their phones, carries a masked one.
"""
from __future__ import annotations

import re

# A mainland mobile number, not inside a longer run of digits.
_MOBILE = re.compile(r"(?<!\d)(1[3-9]\d)(\d{4})(\d{4})(?!\d)")
# A resident identity card number (18 digits, the last may be X; or the
# old 15 digits) or a bank card number (16-19 digits): any such run.
_LONG_NUMBER = re.compile(r"(?<![\dA-Za-z])(\d{4})(\d{7,11})(\d{3}[\dXx])(?![\dA-Za-z])")
# A number said aloud digit by digit, as voice input writes it (a phone, an
# identity number): seven or more Chinese digit characters in a run, maybe
# in groups. Its first three and last four stay, as for a typed mobile.
_DIGIT_CHARS = "\u96f6\u3007\u4e00\u4e8c\u4e09\u56db\u4e94\u516d\u4e03\u516b\u4e5d\u5e7a\u4e24"
_SAID_NUMBER = re.compile(rf"[{_DIGIT_CHARS}](?:[\s-]?[{_DIGIT_CHARS}]){{6,}}")
# Secrets carried in URLs (the WeCom robot's key, an access token).
_URL_SECRET = re.compile(r"((?:key|access_token|secret|appsecret)=)[^&\s\"']+", re.IGNORECASE)


def mask_openid(openid: str) -> str:
    """How staff see a user: enough to find them, not the whole id."""
    return "…" + openid[-8:]


def mask_phone(phone: str | None) -> str:
    """138****5678; '-' for no phone."""
    if not phone:
        return "-"
    digits = re.sub(r"\D", "", phone)
    if len(digits) == 11:
        return f"{digits[:3]}****{digits[-4:]}"
    return "****" + digits[-4:] if len(digits) > 4 else "****"


def mask_text(text: str) -> str:
    """Free text with mobile numbers and identity or bank card numbers
    masked: 138****5678, 3505**********1234, and numbers said aloud digit
    by digit the same way."""
    if not text:
        return text
    text = _LONG_NUMBER.sub(lambda m: m.group(1) + "*" * len(m.group(2)) + m.group(3), text)
    text = _SAID_NUMBER.sub(_masked_said, text)
    return _MOBILE.sub(lambda m: f"{m.group(1)}****{m.group(3)}", text)


def _masked_said(m: re.Match[str]) -> str:
    said = m.group()
    return said[:3] + "*" * (len(said) - 7) + said[-4:]


def scrub_url_secrets(text: str) -> str:
    """An error text or URL without the secrets it may carry (key=…, access_token=…)."""
    return _URL_SECRET.sub(r"\1***", text or "")
