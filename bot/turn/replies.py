"""Fitting answers into WeChat's text limit (2048 bytes of UTF-8)."""
from __future__ import annotations

TEXT_LIMIT = 2048


def _utf8_len(s: str) -> int:
    return len(s.encode("utf-8"))


def _cut(line: str, limit: int) -> list[str]:
    """Split one over-long line at character boundaries."""
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for ch in line:
        n = _utf8_len(ch)
        if size + n > limit:
            parts.append("".join(current))
            current, size = [], 0
        current.append(ch)
        size += n
    if current:
        parts.append("".join(current))
    return parts


def paginate(text: str, more_hint: str, limit: int = TEXT_LIMIT) -> list[str]:
    """Split `text` into pages of at most `limit` bytes, at line breaks
    where possible and never inside a character. Every page but the last
    ends with `more_hint` (which tells the user how to ask for more)."""
    text = text.strip()
    if _utf8_len(text) <= limit:
        return [text] if text else []
    room = limit - _utf8_len(more_hint) - 1
    pages: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        pieces = _cut(line, room) if _utf8_len(line) > room else [line]
        for piece in pieces:
            n = _utf8_len(piece) + (1 if current else 0)
            if current and size + n > room:
                pages.append("\n".join(current))
                current, size = [], 0
                n = _utf8_len(piece)
            current.append(piece)
            size += n
    if current:
        pages.append("\n".join(current))
    # The last page needs no hint, so it may use the whole limit; the
    # others carry the hint.
    return [p + "\n" + more_hint for p in pages[:-1]] + pages[-1:]
