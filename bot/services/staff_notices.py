"""Staff notices: what the staff group's WeCom robot is sent, made in one place.

A notice is a catalog message (`staff-…`, in zh_CN, the staff's language)
filled with our own values (numbers, kinds, Quanzhou times) and with what
users typed or sent (names, stories, photo links). Here:

* what users typed is masked (mobile, identity and bank card numbers) and
  made inert: it cannot format (`**`, `#`, `>`), mention (`<@…>`, `@all`)
  or link (`[…](…)`, bare addresses) in WeCom markdown. Only the sender's
  mention message, with `STAFF_ON_DUTY` in its `mentioned_list`, mentions
  anyone;
* the whole is fitted to the robot's limits (markdown content at most
  4,096 bytes of UTF-8, text content at most 2,048): a story that does not
  fit is shortened with a pointer to the staff's ticket view, and a
  notice that cannot fit even so is sent as its short text;
* every notice carries that short text (`_notice.short`), which the sender
  posts instead when WeCom refuses the notice for its content, and the
  ticket it is about (`_notice.ticket`).

Keys starting with `_` are ours: `wire()` leaves them out of what is posted.
"""
from __future__ import annotations

import re
from typing import Any, Iterable
from urllib.parse import quote as percent_encode
from urllib.parse import urlsplit

from bot.masking import mask_text

MARKDOWN_MAX_BYTES = 4096     # WeCom group robot: markdown.content, UTF-8 bytes
TEXT_MAX_BYTES = 2048         # WeCom group robot: text.content, UTF-8 bytes
STAFF_LOCALE = "zh_CN"
URGENT, ORDINARY = 1, 0       # outbox priority of a staff notice

# Stand-ins for the long fields while the rest of a notice is formatted
# (private-use characters: nobody types them, and `_inert` removes them).
_STORY = "\ue000story\ue000"
_PHOTOS = "\ue000photos\ue000"

# Markdown's active characters, as their full-width forms: they read the
# same to a person and mean nothing to WeCom's markdown.
_INERT = str.maketrans({
    "*": "\uff0a", "_": "\uff3f", "`": "\uff40", "[": "\uff3b", "]": "\uff3d", "<": "\uff1c", ">": "\uff1e",
    "#": "\uff03", "@": "\uff20", "~": "\uff5e", "|": "\uff5c", "\\": "\uff3c", "&": "\uff06"})
# Control characters, zero-width and direction marks (which can hide or
# reorder text), and the private-use stand-ins above.
_INVISIBLE = re.compile("[\x00-\x08\x0b-\x1f\x7f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff"
                        "\ue000-\uf8ff]")
# What a chat client turns into a link by itself.
_LINKISH = re.compile(r"://|(?i:www)\.")


def size(text: str) -> int:
    """Bytes, as WeCom counts a content's length (UTF-8)."""
    return len(text.encode("utf-8"))


def cut_to_bytes(text: str, limit: int) -> str:
    """The longest start of `text` within `limit` bytes, in whole characters."""
    data = text.encode("utf-8")
    return text if len(data) <= limit else data[:limit].decode("utf-8", errors="ignore")


def _inert(text: str, keep_lines: bool) -> str:
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
    text = _INVISIBLE.sub("", text).translate(_INERT)
    text = _LINKISH.sub(lambda m: "\uff1a//" if m.group(0) == "://" else m.group(0)[:-1] + "\uff0e", text)
    if not keep_lines:
        return " ".join(text.split())
    return "\n".join(line for line in (" ".join(ln.split()) for ln in text.split("\n")) if line)


def escape(value: Any) -> str:
    """A value someone typed (a name, a place), as inert markdown on one
    line: masked, and unable to format, mention or link."""
    return _inert(mask_text(str(value if value is not None else "")), keep_lines=False) or "-"


def quote(text: str) -> str:
    """Someone's own words as a markdown quote, masked and inert, so they
    cannot pose as ours."""
    return _quote_lines(_inert(mask_text(text or ""), keep_lines=True))


def _quote_lines(text: str) -> str:
    return "\n".join("> " + line for line in text.split("\n") if line) or "> -"


def photo_links(photos: Iterable[dict] | None) -> str:
    """Complaint photos as one field: numbered links (a photo without a
    usable address shows its media id, inert)."""
    out = []
    for n, photo in enumerate(photos or [], 1):
        url = _safe_url(str(photo.get("url") or ""))
        out.append(f"[{n}]({url})" if url else f"{n}: {escape(photo.get('media_id'))}")
    return " ".join(out) or "-"


def _safe_url(url: str) -> str:
    """An http(s) address that cannot break out of a markdown link, or ''."""
    url = _INVISIBLE.sub("", url.strip())
    try:
        parts = urlsplit(url)
    except ValueError:
        return ""
    if parts.scheme.lower() not in ("http", "https") or not parts.netloc or "@" in parts.netloc:
        return ""
    return percent_encode(url, safe=":/?&=%#+,;$")


# ---------------------------------------------------------------------------- building


def notice(catalog, msg_id: str, *, vars: dict[str, Any], user: dict[str, Any] | None = None,
           story: str | None = None, photos: list[dict] | str | None = None, ticket: int | None = None,
           short: tuple[str, dict[str, Any]] | None = None, more: str | None = None) -> dict:
    """A staff notice as a WeCom payload that fits the robot's limits.

    `vars` are our own values, `user` what someone typed (one line each,
    escaped here), `story` their own words (the `text` variable, quoted
    and shortened to fit with `more`, by default a pointer to the ticket),
    `photos` the `photos` variable: the photos' addresses, or the field
    already made by bot/services/evidence.py (our own signed links).
    `short` is the catalog message sent
    instead when WeCom refuses this one for its content (by default a
    pointer to the ticket)."""
    fields = {**vars, **{k: escape(v) for k, v in (user or {}).items()}}
    if story is not None:
        fields["text"] = _STORY
    if photos is not None:
        fields["photos"] = _PHOTOS
    frame = catalog.text(STAFF_LOCALE, msg_id, **fields)
    if more is None:
        more = catalog.text(STAFF_LOCALE, "staff-cut-ticket", id=ticket) if ticket is not None \
            else catalog.text(STAFF_LOCALE, "staff-cut")
    short_payload = _short(catalog, short, ticket)
    content = _compose(catalog, frame, story, photos, more)
    payload = markdown(content) if content is not None else dict(short_payload)
    payload["_notice"] = {"ticket": ticket, "short": short_payload}
    return payload


def _compose(catalog, frame: str, story: str | None, photos: list[dict] | str | None, more: str) -> str | None:
    """The frame with its long fields put in, the story shortened so that
    the whole fits; None when it cannot fit."""
    if isinstance(photos, str):
        photo_field, count = photos, photos.count("](")
    else:
        photo_field, count = (photo_links(photos) if photos is not None else ""), len(photos or [])
    fixed = size(frame.replace(_STORY, "").replace(_PHOTOS, photo_field))
    if fixed > MARKDOWN_MAX_BYTES and count:
        # Links are long; the count at least fits (staff get fresh links in the ticket view).
        photo_field = catalog.text(STAFF_LOCALE, "staff-photos-count", count=count)
        fixed = size(frame.replace(_STORY, "").replace(_PHOTOS, photo_field))
    if fixed > MARKDOWN_MAX_BYTES:
        return None
    block = ""
    if story is not None:
        fitted = _fit_story(_inert(mask_text(story), keep_lines=True), MARKDOWN_MAX_BYTES - fixed, more)
        if fitted is None:
            return None
        block = fitted
    return frame.replace(_STORY, block).replace(_PHOTOS, photo_field)


def _fit_story(text: str, budget: int, more: str) -> str | None:
    """A quoted story within `budget` bytes: whole if it fits, else its
    longest start followed by `more` (the pointer to the whole)."""
    whole = _quote_lines(text)
    if size(whole) <= budget:
        return whole

    def shortened(chars: int) -> str:
        return _quote_lines(text[:chars].rstrip() + more)

    lo, hi = 0, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if size(shortened(mid)) <= budget:
            lo = mid
        else:
            hi = mid - 1
    block = shortened(lo)
    return block if size(block) <= budget else None


def _short(catalog, short: tuple[str, dict[str, Any]] | None, ticket: int | None) -> dict:
    if short is None:
        short = ("staff-short-ticket", {"id": ticket}) if ticket is not None else ("staff-short", {})
    msg_id, values = short
    return text(catalog.text(STAFF_LOCALE, msg_id, **values))


def markdown(content: str) -> dict:
    return {"msgtype": "markdown", "markdown": {"content": content}}


def text(content: str, mentioned: Iterable[str] = ()) -> dict:
    """A text message (it cannot format anything); `mentioned` are the
    WeCom user ids it mentions."""
    body: dict[str, Any] = {"content": cut_to_bytes(content, TEXT_MAX_BYTES)}
    if mentioned:
        body["mentioned_list"] = list(mentioned)
    return {"msgtype": "text", "text": body}


def mention(catalog, msg_id: str, on_duty: Iterable[str], **vars: Any) -> dict:
    """The message that mentions the staff on duty (`STAFF_ON_DUTY`, and
    only them) about an urgent ticket."""
    payload = text(catalog.text(STAFF_LOCALE, msg_id, **vars), mentioned=on_duty)
    payload["_notice"] = {"ticket": vars.get("id"), "short": text(catalog.text(STAFF_LOCALE, msg_id, **vars))}
    return payload


async def queue(conn, payload: dict, key: str, urgent: bool = False) -> bool:
    """Put a notice in the outbox (in the caller's transaction); an urgent
    one goes before the ordinary ones waiting."""
    from bot.store.repos import OutboxRepo

    return await OutboxRepo(conn).add("staff", "staff", payload, key, priority=URGENT if urgent else ORDINARY)


# ---------------------------------------------------------------------------- sending


def wire(payload: dict) -> dict:
    """What is posted to the robot: our own keys left out, and within the
    robot's limits whatever made the payload (a row queued by an older
    version, a notice made elsewhere)."""
    body = {k: v for k, v in payload.items() if not k.startswith("_")}
    kind = body.get("msgtype")
    if kind == "markdown":
        content = str((body.get("markdown") or {}).get("content") or "")
        if size(content) > MARKDOWN_MAX_BYTES:
            body = markdown(_cut_lines(content, MARKDOWN_MAX_BYTES))
    elif kind == "text":
        inner = dict(body.get("text") or {})
        content = str(inner.get("content") or "")
        if size(content) > TEXT_MAX_BYTES:
            inner["content"] = cut_to_bytes(content, TEXT_MAX_BYTES - size("\u2026")) + "\u2026"
            body = {**body, "text": inner}
    return body


def _cut_lines(content: str, limit: int) -> str:
    """Whole lines up to `limit` bytes, and an ellipsis: a cut never leaves
    half a link or a `<font …` tag open."""
    mark = "\n\u2026"
    kept, used = [], size(mark)
    for line in content.split("\n"):
        if used + size(line) + 1 > limit:
            break
        kept.append(line)
        used += size(line) + 1
    return "\n".join(kept) + mark if kept else cut_to_bytes(content, limit - size(mark)) + mark


def ticket_of(payload: dict) -> int | None:
    info = payload.get("_notice") or {}
    return info.get("ticket") if isinstance(info, dict) else None


def short_of(catalog, payload: dict) -> dict:
    """The short text to post instead of a notice WeCom refused for its
    content: the one the notice carries, else a pointer to the ticket or
    to the staff commands. A mention keeps no mention in its short form."""
    notice = payload.get("_notice")
    info: dict = notice if isinstance(notice, dict) else {}
    found = info.get("short")
    if isinstance(found, dict) and found.get("msgtype") == "text":
        short = dict(found)
    else:
        short = _short(catalog, None, info.get("ticket"))
    short["_notice"] = {"ticket": info.get("ticket"), "short": None, "is_short": True}
    return short


def is_short(payload: dict) -> bool:
    info = payload.get("_notice")
    return isinstance(info, dict) and bool(info.get("is_short"))


def combinable(payload: dict) -> bool:
    """Whether a notice can go out inside a combined post: a markdown or
    text notice that mentions nobody, and not one of a combined post that
    was refused (those go alone)."""
    info = payload.get("_notice")
    if isinstance(info, dict) and info.get("alone"):
        return False
    kind = payload.get("msgtype")
    if kind == "markdown":
        return True
    if kind == "text":
        inner = payload.get("text") or {}
        return not inner.get("mentioned_list") and not inner.get("mentioned_mobile_list")
    return False


def body_of(payload: dict) -> str:
    """A combinable notice as a part of a combined markdown post (a text
    notice's words made inert: text is not markdown)."""
    if payload.get("msgtype") == "markdown":
        return str((payload.get("markdown") or {}).get("content") or "")
    return _inert(str((payload.get("text") or {}).get("content") or ""), keep_lines=True)


def combined(catalog, bodies: list[str]) -> str:
    """Several notices as one markdown post: a heading with their count,
    then each in the order they were queued."""
    head = catalog.text(STAFF_LOCALE, "staff-combined", count=len(bodies))
    return "\n\n".join([head, *bodies])


def for_log(payload: dict) -> str:
    """A notice as the log keeps it: masked, on one line, cut short."""
    if payload.get("msgtype") == "markdown":
        content = str((payload.get("markdown") or {}).get("content") or "")
    elif payload.get("msgtype") == "text":
        content = str((payload.get("text") or {}).get("content") or "")
    else:
        content = f"[{payload.get('msgtype')}]"
    line = " ".join(mask_text(content).split())
    return line if len(line) <= 200 else line[:200] + "\u2026"
