"""Understanding free text and voice text: global words, numbers, menu
keys and intents (jieba tokens with the trade/area user dictionary, and a
keyword and phrase table per intent kept in bot/data/intents.json).

Built once at start (``Nlu.load``, then ``use`` so that ``parse_number``
reads the same table); `Nlu.intent()` is pure and fast.  The words are
data, how they combine is here.  Nothing is read at import.
"""
from __future__ import annotations

import logging
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

from bot.language.words import KeptReadings, Loaded, Words, alt

INTENTS_FILE = "intents.json"
# "You" (plain and polite), left after thanks or a greeting said to someone.
_YOU = "\u4f60\u60a8"
# Not an intent of the table: thanks or an okay, when nothing else is understood.
THANKS = "thanks"
# Staff commands that are the whole message (the lists, and help): with more after them they are not commands.
STAFF_WHOLE_WORDS = ("queue", "todo", "help", "send")
# Words ask for a service when they score at least this for it: a phrase of
# it ("I want to hire"), or two of its words; a single word ("work" in "it
# was at work", told in a story) does not.
CLEAR_SCORE = 2.0
WANT_WORK_SCORE = 2.0  # as a phrase: below a post's pattern (3), which an employer's message also has
SEEK_WORK_SCORE = 5.0  # above a hiring word and a post's pattern together (1 + 3)

# Punctuation voice recognition adds, and people type, around a message.
_EDGE = " \t\r\n。．.，,！!？?、；;：:~～…\"'“”‘’()（）[]【】<>《》"


def normalise(text: str) -> str:
    """NFKC (full-width digits and letters become ASCII), trimmed of edge
    punctuation and spaces, with the common typing and voice-recognition
    slips fixed (query.json 'typos', the same table searches read with)."""
    typos = _TYPOS.get()
    return _NORMALISED.get(text, (typos,), lambda: typos.fix(unicodedata.normalize("NFKC", text or "").strip(_EDGE)))


# A turn normalises the same text several times (each reading starts so).
_NORMALISED = KeptReadings(4096)


_NUMBER_AS_TYPED = re.compile(r"[#\uff03]?\s*[0-9\uff10-\uff19]+")


def _note_as_typed(raw: str, folded: str) -> str:
    """The words after a staff command's number as staff typed them: the
    command is read folded (NFKC, typo fixes), but the note goes to a user
    or onto the ticket as written (full-width commas, no 'fixed' words)."""
    if not folded:
        return ""
    m = _NUMBER_AS_TYPED.search(raw or "")
    return raw[m.end():].strip() if m else folded


def _rest_as_typed(raw: str, folded: str) -> str:
    """The words after a staff command with no number, as staff typed
    them: the tail of what they typed that reads as those words."""
    if not folded:
        return ""
    raw = raw.strip()
    for start in range(1, min(len(raw), 12)):
        if normalise(raw[start:]).lstrip(_EDGE).strip() == folded:
            return raw[start:].lstrip(_EDGE).strip()
    return folded


# "A-not-A" asks a question without a question word: "shou bu shou fei" (do you
# charge?), "you mei you" (is there?); the character is any word character but
# the "not" words themselves, given by code point so that no Chinese sits here.
_NOTS = "\u4e0d\u6ca1"
_A_NOT_A = re.compile(rf"([^\W\d{_NOTS}])[{_NOTS}]\1")
# What is left of a cost question once its cost and question words are gone:
# a few characters ("is the course free?") still ask about the thing shown.
_NOT_WORDS = re.compile(r"[\W_]+")
SHORT_REST = 4
# How much a message says (`_size`) to be a story of what happened rather than a question.
STORY_SIZE = 20

class Typos:
    """Slips replaced by the word meant, longest first."""

    def __init__(self, fixes: list[tuple[str, str]] | dict[str, str]) -> None:
        pairs = fixes.items() if isinstance(fixes, dict) else fixes
        self.fixes = sorted(((w, r) for w, r in pairs if w), key=lambda p: (-len(p[0]), p[0]))

    def fix(self, text: str) -> str:
        for wrong, right in self.fixes:
            if wrong in text:
                text = text.replace(wrong, right)
        return text


def _default_typos() -> Typos:
    return Typos(Words.read("query.json").section("typos").names("fixes"))


_TYPOS: Loaded[Typos] = Loaded(_default_typos)


def fix_typos(text: str) -> str:
    """The text with the common slips fixed (query.json 'typos')."""
    return _TYPOS.get().fix(text)


def current_typos() -> Typos:
    """The typo table `normalise` uses now (what readings kept per text depend on)."""
    return _TYPOS.get()


def use_typos(fixes: list[tuple[str, str]]) -> Typos:
    """Make ``normalise`` fix these slips (the app, at start: query.json's)."""
    return _TYPOS.set(Typos(fixes))


class ChoiceNumbers:
    """How people say the number of a choice: intents.json 'numbers'."""

    def __init__(self, words: Words) -> None:
        # Up to three digits or a number word, maybe after the ordinal
        # prefix and before a counter ("number 3", "the 3rd one"), maybe
        # with a lead ("I pick") and a tail ("then"): the whole message.
        lead = words.words("lead") if "lead" in words.as_dict() else ()
        tail = words.words("tail") if "tail" in words.as_dict() else ()
        self.words = words.numbers("words")
        self.pattern = re.compile(
            rf"^(?:{alt(lead)})?(?:{alt(words.words('prefix'))})?(?P<n>[0-9]{{1,3}}|{alt(self.words)})"
            rf"(?:{alt(words.words('suffix'))})?(?:{alt(tail)})?$")

    def parse(self, text: str) -> int | None:
        t = normalise(text)
        m = self.pattern.match(t)
        if m:
            n = m.group("n")
            return int(n) if n.isdigit() else self.words[n]
        return None


def parse_number(text: str) -> int | None:
    """'3', a full-width 3, '3' with the ordinal prefix or counter suffix
    people add, or a one-character number word -> 3; anything else None."""
    return _NUMBERS.get().parse(text)


@dataclass(frozen=True)
class Intent:
    name: str
    score: float


@dataclass(frozen=True)
class Request:
    """A message that clearly asks for a service (`Nlu.clear_request`):
    the service, and what follows its phrase."""
    intent: str
    tail: str


# Punctuation inside a message: a pause, like a space.
_INNER_PUNCT = re.compile(r"[\s,，。．.！!？?、；;：:~～…\"'“”‘’()（）\[\]【】<>《》-]+")
# A space beside a Chinese character says nothing ("wait  I complain first" in Chinese).
_CJK_SPACE = re.compile(r"(?<=[^\x00-\x7f]) | (?=[^\x00-\x7f])")


def compact(text: str) -> str:
    """Normalised, lower case, inner punctuation and the spaces between
    Chinese words taken out (Latin words keep one space between them)."""
    t = _INNER_PUNCT.sub(" ", normalise(text).lower()).strip()
    return _CJK_SPACE.sub("", t)


def _size(text: str) -> int:
    """How much is said: a Chinese character counts one, a Latin word two."""
    latin = re.findall(r"[a-z0-9']+", text)
    return sum(1 for c in text if not c.isascii()) + 2 * len(latin)


class Nlu:
    def __init__(self, tokenizer, table: dict, trade_matcher=None, english_numbers: Iterable[str] = ()) -> None:
        self.tokenizer = tokenizer
        self.trade_matcher = trade_matcher
        self.global_words: dict[str, str] = {}
        for command, words in table["global"].items():
            for w in words:
                self.global_words[normalise(w).lower()] = command
        self.menu_keys: dict[str, str] = dict(table["menu_keys"])
        self.menu_numbers: list[str] = list(table["menu_numbers"])
        self.keywords: dict[str, dict[str, str]] = {}
        self.phrases: list[tuple[str, str]] = []
        for intent, spec in table["intents"].items():
            for w in spec.get("keywords", []):
                self.keywords.setdefault(w.lower(), {})[intent] = intent
            for p in spec.get("phrases", []):
                self.phrases.append((p.lower(), intent))
        # Cues point to an intent as phrases do, but tell what happened ("the
        # boss ran off"): strip_intent_words keeps them, they are the story.
        self.cues = [(c.lower(), intent) for intent, spec in table["intents"].items() for c in spec.get("cues", [])]
        word_set = lambda key: {normalise(w).lower() for w in table.get(key, [])}  # noqa: E731
        self.skip_words = word_set("skip")
        self.yes_words, self.no_words = word_set("yes"), word_set("no")
        self.near_words, self.none_words, self.any_words = word_set("near"), word_set("none"), word_set("any")
        self.alert_words = word_set("alert")
        self.done_words = word_set("done")
        # "Give the employer your phone when you apply?" answered in words.
        self.phone_later_words, self.phone_at_once_words = word_set("phone_later"), word_set("phone_at_once")
        self.question_marks = [w.lower() for w in table.get("question_marks", [])]
        # Words with a question word inside that ask nothing ("a dozen or so people" has the "how many" word in it).
        self.not_question_words = sorted((w.lower() for w in table.get("question_marks_not", [])), key=len,
                                         reverse=True)
        self.details_words = word_set("details")
        # Policy topics that a story of what happened to someone is likely a
        # complaint about, and the complaint's kind ("" to ask it).
        self.story_topics: dict[str, str] = {k: v for k, v in table.get("story_topics", {}).items() if k != "note"}
        where_to_go = table.get("where_to_go", {})
        places = {*where_to_go.get("where", []), *(w for w in table.get("where_questions", []) if not w.isascii())}
        self.where_to_go = {w + d for w in places for d in where_to_go.get("do", [""])} \
            | {w.lower() for w in where_to_go.get("en", [])}
        self.where_to_go_fillers = sorted(where_to_go.get("fillers", []), key=len, reverse=True)
        # A question about a market itself (its hours, where it is) is for the markets
        # service even when the knowledge base has an answer about markets in general.
        self.market_question_words = sorted(word_set("market_questions"), key=len, reverse=True)
        # Asked at a list of courses ("is it free?") and at "which area?" of
        # the markets ("the nearest one"): answered there, never routed on.
        self.cost_question_words = sorted(word_set("cost_questions"), key=len, reverse=True)
        self.where_question_words = sorted(word_set("where_questions"), key=len, reverse=True)
        self.nearest_words = sorted(word_set("nearest"), key=len, reverse=True)
        self.report_words = {normalise(w).lower() for w in table.get("report", {}).get("words", [])}
        self._report_text = table.get("report", {}).get("text", "")
        self.complaint_kinds = {kind: [w.lower() for w in words]
                                for kind, words in table.get("complaint_kinds", {}).items() if kind != "note"}
        self.user_view_words = sorted(word_set("user_view"), key=len, reverse=True)
        # Longest first (and alphabetical among equals, so that every
        # process strips the same way).
        self.intent_words = sorted({w for w in self.keywords} | {p for p, _ in self.phrases}, key=lambda w: (-len(w), w))
        self.staff_words = {kind: sorted((normalise(w).lower() for w in words), key=len, reverse=True)
                            for kind, words in table.get("staff", {}).items() if kind != "note"}
        self.numbers = ChoiceNumbers(Words(table["numbers"], f"{INTENTS_FILE}.numbers"))
        post = Words(table["post_job"], f"{INTENTS_FILE}.post_job")
        numerals = "".join(re.escape(c) for c in post.word("numerals"))
        # A job post: a hiring word; or a need word, then within 8 characters
        # of the same clause (no comma, full stop, ! or ?, half- or
        # full-width) a number and a counter ("need 3 people").
        self.post_job_patterns = [
            re.compile(alt(post.words("hiring"))),
            re.compile(rf"{alt(post.words('need'))}[^,\uff0c\u3002!\uff01?\uff1f]{{0,8}}?"
                       rf"(?:[0-9{numerals}]+|\b{alt([*english_numbers, *post.words('vague_counts')])}\b)\s*"
                       rf"{alt(post.words('counters'))}"),
        ]
        seek = Words(table["seek_work"], f"{INTENTS_FILE}.seek_work")
        clause = r"[^,\uff0c\u3002!\uff01?\uff1f\s]"
        # A worker asking for work: an ask word, then in the same clause a
        # hiring word ("any hiring of labourers?") or "of" and a work word
        # ("any cleaning work?").
        self.seek_work_patterns = [
            re.compile(rf"{alt(seek.words('ask'))}{clause}{{0,6}}?{alt(seek.words('hiring'))}"),
            re.compile(rf"{alt(seek.words('ask'))}{clause}{{0,10}}?{re.escape(seek.word('of'))}{alt(seek.words('work'))}"),
        ]
        # A worker saying what work they want ("I'd like some site work"):
        # a want word, then in the same clause "of" and a work word. Worth
        # a phrase: an employer's hiring word still outweighs it.
        # Not when someone is sought ("want to find someone to do the
        # renovation work"): no "person" right after the want word, and no
        # hiring word on the way.
        not_hiring = rf"(?:(?!{alt(seek.words('hiring'))}){clause})"
        self.want_work_patterns = [
            re.compile(rf"{alt(seek.words('want'))}(?!{alt(seek.words('sought'))}){not_hiring}{{0,10}}?{re.escape(seek.word('of'))}"
                       rf"{alt(seek.words('want_work'))}"),
        ]
        decide = table["decide_applicant"]
        # Longest first: "do not hire" is found before the "hire" inside it.
        self.decision_words = sorted(((normalise(w).lower(), code) for code in ("declined", "accepted")
                                      for w in decide[code]), key=lambda wc: -len(wc[0]))
        self.decision_fillers = [normalise(w).lower() for w in decide["fillers"]]
        self.decision_not_a_name = set(decide["not_a_name"])
        self.decision_max_name = int(decide["max_name"])
        thanks = Words(table["thanks"], f"{INTENTS_FILE}.thanks")
        self.thanks_whole = {normalise(w).lower() for w in thanks.words("whole")}
        self.thanks_within = [normalise(w).lower() for w in thanks.words("within")]
        # A change of mind: which words may come before a service's phrase
        # (intents.json 'change_of_mind'; see clear_request).
        mind = table.get("change_of_mind", {})
        by_length = lambda key: sorted({compact(w) for w in mind.get(key, []) if compact(w)},  # noqa: E731
                                       key=len, reverse=True)
        self.mind_markers, self.mind_leads, self.mind_fillers, self.mind_how = \
            by_length("markers"), by_length("leads"), by_length("fillers"), by_length("how")
        self.mind_tail = int(mind.get("tail", 8))
        self.service_words: list[tuple[str, str]] = sorted(
            {(compact(p), intent) for p, intent in self.phrases if compact(p)}
            | {(compact(w), "human") for w in table["global"].get("human", []) if compact(w)},
            key=lambda wi: (-len(wi[0]), wi))
        # The same phrases by their first character, in the same order:
        # a message is checked against the few that can start it, not all.
        self.service_words_by_first: dict[str, list[tuple[str, str]]] = {}
        for word, intent in self.service_words:
            self.service_words_by_first.setdefault(word[0], []).append((word, intent))
        self.intents_of_phrase: dict[str, list[str]] = {}
        for word, intent in self.service_words:
            self.intents_of_phrase.setdefault(word, []).append(intent)
        self.order = list(table.get("tie_break") or table["intents"])
        self.order += [i for i in table["intents"] if i not in self.order]
        self.order.append(THANKS)
        # What a text means is asked several times a turn (the conversation
        # runs again when it needs records) and the same short answers come
        # from many users: scores and requests are kept per text, for the
        # typo table in use when they were worked out.
        self._scores_kept: KeptReadings = KeptReadings()
        self._requests_kept: KeptReadings = KeptReadings()

    @classmethod
    def load(cls, tokenizer, trade_matcher=None, path: Path | None = None,
             english_numbers: Iterable[str] = ()) -> "Nlu":
        """Read intents.json (``path``, default bot/data/intents.json).
        ``english_numbers``: the number words an English post counts with
        ("two"; parsing.json's, which reads them)."""
        words = Words.read(INTENTS_FILE) if path is None else Words.read(path.name, path.parent)
        return cls(tokenizer, words.as_dict(), trade_matcher, english_numbers)

    def global_word(self, text: str) -> str | None:
        """A command word, only when it is the whole message: "cancel" alone
        cancels; a complaint about a cancelled order that contains the word
        does not."""
        return self.global_words.get(normalise(text).lower())

    def is_skip(self, text: str) -> bool:
        """The user declines an optional question ("skip")."""
        return normalise(text).lower() in self.skip_words

    def yes_no(self, text: str) -> bool | None:
        """True for a yes, False for a no (the whole message), else None."""
        t = normalise(text).lower()
        if t in self.yes_words:
            return True
        if t in self.no_words:
            return False
        return None

    def applicant_decision(self, text: str) -> tuple[str, str] | None:
        """An employer's decision on an applicant in one message ("hire Old
        Li", "do not hire Old Li", "hire" alone): ("accepted" or
        "declined", the name left over as `name_key` folds it, "" for none);
        None when the message is no such decision (intents.json
        'decide_applicant')."""
        t = normalise(text).lower()
        for word, code in self.decision_words:
            if word in t:
                rest = t.replace(word, "", 1)
                for filler in self.decision_fillers:
                    rest = rest.replace(filler, "")
                rest = "".join(rest.split()).strip(",.!\uff0c\u3002\uff01")
                if len(rest) > self.decision_max_name or set(rest) & self.decision_not_a_name:
                    return None
                return code, rest
        return None

    @staticmethod
    def name_key(name: str) -> str:
        """A person's name folded as `applicant_decision` gives it, to compare."""
        return "".join(normalise(name).lower().split())

    def show_phone_now(self, text: str) -> bool | None:
        """Whether an answer in words means the phone goes to the employer
        when applying (True), only once hired (False), or neither (None)."""
        t = normalise(text).lower()
        if any(w in t for w in self.phone_later_words):
            return False
        if any(w in t for w in self.phone_at_once_words):
            return True
        return None

    def means_near(self, text: str) -> bool:
        t = normalise(text).lower()
        return any(w in t for w in self.near_words)

    def wants_alert(self, text: str) -> bool:
        t = normalise(text).lower()
        return any(w in t for w in self.alert_words)

    def wants_apply(self, text: str) -> bool:
        """"Sign me up", "I'll go" as the whole message: the words of
        choices.json "results_apply" (one list for a job and a course)."""
        from bot.language.choices import choice_words   # (choices reads this module's normalise)

        return normalise(text).lower() in choice_words("results_apply").words.get("apply", ())

    def wants_report(self, text: str) -> bool:
        return normalise(text).lower() in self.report_words

    def report_text(self) -> str:
        """What a one-step report says, for the staff notice."""
        return self._report_text

    def is_question(self, text: str) -> bool:
        """Sounds like a question ("do day workers pay social insurance?")."""
        t = (text or "").lower()
        for w in self.not_question_words:
            t = t.replace(w, " ")
        return any(w in t for w in self.question_marks) or bool(_A_NOT_A.search(t))

    def asks_about_a_market(self, text: str) -> bool:
        t = normalise(text).lower()
        return any(w in t for w in self.market_question_words)

    def asks_cost(self, text: str, about: Iterable[str] = ()) -> bool:
        """A question of what something costs, about the thing shown: the
        words say little else ("is it free?", "how much is the fee?") or
        name one of `about` (a course's name). "How much a month is the
        pension insurance?" names something else and is not one."""
        return self._asks_about_shown(self.cost_question_words, text, about)

    def asks_where(self, text: str, about: Iterable[str] = ()) -> bool:
        """A question of where the thing shown is ("where is the class?"),
        as `asks_cost` asks what it costs; not where to do what a policy
        is about ("where do I pay social insurance?": the policy desk's)."""
        return self._asks_about_shown(self.where_question_words, text, about, policy_aside=True)

    def _asks_about_shown(self, question_words: list[str], text: str, about: Iterable[str],
                          policy_aside: bool = False) -> bool:
        """The question words and little else, or one of `about` named;
        `policy_aside`: what is left naming a policy topic is the policy
        desk's ("where do I pay social insurance?")."""
        t = normalise(text).lower()
        if not any(w in t for w in question_words):
            return False
        if any(a and a.lower() in t for a in about):
            return True
        rest = t
        for w in (*question_words, *self.question_marks):
            rest = rest.replace(w, "")
        if policy_aside and "policy" in self.intent_scores(rest):
            return False
        return len(_NOT_WORDS.sub("", rest)) <= SHORT_REST

    def asks_nearest(self, text: str) -> bool:
        t = normalise(text).lower()
        return any(w in t for w in self.nearest_words)

    def tells_a_story(self, text: str) -> bool:
        """Words long enough to tell what happened, not to ask a question
        ("I worked twenty days on a site, the boss said month end, nothing
        since, he does not answer the phone")."""
        return _size(self.strip_intent_words(text)) >= STORY_SIZE

    def asks_where_to_go(self, text: str) -> bool:
        """"Where do I do it?" and nothing else ("where do I apply, then?",
        intents.json 'where_to_go'): where to go for what was just said,
        not a place named."""
        t = compact(text)
        if not t.isascii():
            t = _NOT_WORDS.sub("", t)
        if t in self.where_to_go:
            return True
        for w in self.where_to_go_fillers:
            t = t.replace(w, "")
        return t in self.where_to_go

    def wants_details(self, text: str) -> bool:
        return normalise(text).lower() in self.details_words

    def is_done(self, text: str) -> bool:
        return normalise(text).lower() in self.done_words

    def complaint_kind(self, text: str) -> str | None:
        """The kind of complaint its words say, if they say one."""
        t = normalise(text).lower()
        for kind, words in self.complaint_kinds.items():
            if any(w in t for w in words):
                return kind
        return None

    def strip_intent_words(self, text: str) -> str:
        """The text without the words that only name what the user wants
        ('I want to complain'): what is left is the detail."""
        t = normalise(text).lower()
        for w in self.intent_words:
            t = t.replace(w, "")
        return t

    def ticket_number(self, text: str) -> int | None:
        """A user asking about their ticket: the view word and a number."""
        t = normalise(text).lower()
        for w in self.user_view_words:
            if t.startswith(w):
                m = re.match(r"^#?([0-9]{1,9})$", t[len(w):].strip())
                if m:
                    return int(m.group(1))
        return None

    def means_none(self, text: str) -> bool:
        return normalise(text).lower() in self.none_words

    def means_any(self, text: str) -> bool:
        return normalise(text).lower() in self.any_words

    def staff_command(self, text: str) -> tuple[str, int | None, str] | None:
        """('queue' | 'approve' | 'reject' | …, number, note) for a staff
        command such as the approve word followed by 12; else None. A
        command said alone or followed by a space (or a mark) and no
        number ("close", "close done") comes with the number None and the
        rest as the note: a command that needs a number tells staff how
        to write it."""
        t = normalise(text)
        low = t.lower()
        for kind, words in self.staff_words.items():
            for w in words:
                if low.startswith(w):
                    apart = t[len(w):len(w) + 1] in _EDGE    # a space or a mark after the word
                    rest = t[len(w):].lstrip(_EDGE).strip()
                    m = re.match(r"^#?([0-9]+)\s*(.*)$", rest, re.S)
                    if kind in STAFF_WHOLE_WORDS:
                        if not rest:
                            return kind, None, ""
                        continue
                    if kind in ("recognise", "unrecognise"):
                        # who (an openid or a phone) and the categories, in words (bot/features/hardship/staff.py)
                        after = t[len(w):][:1]
                        if not rest or after.isspace() or after.isdigit():
                            return kind, None, rest
                        continue
                    if kind == "bookings":
                        # "bookings" alone is today; "+1" (or a number) days ahead
                        return kind, int(rest) if rest.isdigit() else 0, ""
                    if m:
                        return kind, int(m.group(1)), _note_as_typed(text, m.group(2).strip())
                    said = parse_number(rest) if rest else None
                    if said is not None:
                        return kind, said, ""   # the number in words ("look at the first one")
                    if not rest or apart:
                        return kind, None, _rest_as_typed(text, rest)
        return None

    def tokens(self, text: str) -> list[str]:
        return [t for t in self.tokenizer.lcut(text) if t.strip()]

    def intent(self, text: str) -> Intent | None:
        scores = self.intent_scores(text)
        if not scores:
            return None
        best = max(scores.items(), key=lambda kv: (kv[1], -self.order.index(kv[0])))
        return Intent(best[0], best[1])

    def intent_scores(self, text: str) -> dict[str, float]:
        """Every intent the words point to, with how strongly."""
        found = self._scores_kept.get(text, (_TYPOS.get(),), lambda: self._intent_scores(text))
        return dict(found)   # a copy: callers may add to it

    def _intent_scores(self, text: str) -> dict[str, float]:
        t = normalise(text).lower()
        if not t:
            return {}
        scores: dict[str, float] = {}
        for tok in self.tokens(t):
            for intent in self.keywords.get(tok, ()):
                scores[intent] = scores.get(intent, 0.0) + 1.0
        for phrase, intent in [*self.phrases, *self.cues]:
            if phrase in t:
                scores[intent] = scores.get(intent, 0.0) + 2.0
        # The whole message is one intent's phrase ("my jobs"): that intent,
        # whatever shorter words of others it contains.
        for phrase, intent in self.phrases:
            if phrase == t:
                scores[intent] = scores.get(intent, 0.0) + 10.0
        if any(p.search(t) for p in self.post_job_patterns):
            scores["post_job"] = scores.get("post_job", 0.0) + 3.0
        if self.applicant_decision(t) is not None:
            # "Hire Old Li": the employer's jobs, where the applicants are.
            scores["my_jobs"] = scores.get("my_jobs", 0.0) + 3.0
        if any(p.search(t) for p in self.seek_work_patterns):
            # "Anyone hiring labourers in Fengze?" names hiring, but it is a
            # worker who asks.
            scores["find_work"] = scores.get("find_work", 0.0) + SEEK_WORK_SCORE
        elif any(p.search(t) for p in self.want_work_patterns):
            scores["find_work"] = scores.get("find_work", 0.0) + WANT_WORK_SCORE
        if not scores and self.trade_matcher is not None and self.trade_matcher(t):
            # A trade alone (a forklift driver's "forklift") most often means:
            # I want work like this.
            scores["find_work"] = 1.0
        if not scores and self.is_thanks(t):
            scores[THANKS] = 1.0
        return scores

    def clear_request(self, text: str) -> Request | None:
        """The service a message clearly asks for, when it is mostly that
        request: a service's phrase (or a word for staff) at its start,
        after words that ask ("I want", "help me") or leave what the user was
        at ("wait", "never mind"), and little else after it; None otherwise.

            "my applications", "I want to complain", "get me a person", "wait, first I
            complain about a boss, he owes me"                      -> a request
            "I am Lao Wang, looking for work" (the phrase is not at the start),
            "paid daily" (a keyword, not a phrase), "I want to complain, the boss owes me
            three months of pay, over twenty thousand in all" (too
            much follows: a story)                                  -> None

        Which services leave which dialog is the conversation's to say."""
        return self._requests_kept.get(text, (_TYPOS.get(),), lambda: self._request(compact(text), led=False))

    def how_to(self, text: str) -> str | None:
        """The service a question asks how to use ("how do I post a job?"):
        a question word ('change_of_mind' 'how') and the service's phrase
        right after it, with little else; None otherwise (a question about
        a right or a rule is the policy desk's)."""
        t = compact(text)
        for w in self.mind_how:
            if t.startswith(w) and len(t) > len(w):
                found = self._request(t[len(w):].lstrip(), led=True)
                return found.intent if found is not None else None
        return None

    def _request(self, t: str, led: bool) -> Request | None:
        if not t:
            return None
        # Every way of taking leading words off, breadth first: (rest, marked, led).
        seen: set[tuple[str, bool, bool]] = set()
        todo = [(t, False, led)]
        while todo:
            rest, marked, led = todo.pop(0)
            if (rest, marked, led) in seen:
                continue
            seen.add((rest, marked, led))
            found = self._service_at_start(rest)
            if found is not None:
                word, intent = found
                tail = rest[len(word):].strip()
                limit = len(t) if marked else self.mind_tail if led else 2
                if _size(tail) <= limit:
                    return Request(intent, tail)
                continue
            for words, is_marker in ((self.mind_markers, True), (self.mind_leads, False)):
                for w in words:
                    if rest.startswith(w) and len(rest) > len(w):
                        todo.append((rest[len(w):].lstrip(), marked or is_marker, led or not is_marker))
            if led or marked:
                for w in self.mind_fillers:
                    if rest.startswith(w) and len(rest) > len(w):
                        todo.append((rest[len(w):].lstrip(), marked, led))
        return None

    def _service_at_start(self, text: str) -> tuple[str, str] | None:
        """The longest service phrase the text starts with, and its intent
        (of a phrase under two intents, the one the whole text points to most)."""
        for word, intent in self.service_words_by_first.get(text[:1], ()):
            if text.startswith(word) and (not word[-1].isascii() or not text[len(word):len(word) + 1].isalnum()):
                same = self.intents_of_phrase[word]
                if len(same) > 1:
                    scores = self.intent_scores(text)
                    intent = max(same, key=lambda i: (scores.get(i, 0.0), -self.order.index(i)
                                                      if i in self.order else -len(self.order)))
                return word, intent
        return None

    def is_thanks(self, text: str) -> bool:
        """Thanks or an okay ("ok thanks, I'll go on Monday")."""
        t = normalise(text).lower()
        return t in self.thanks_whole or any(w in t for w in self.thanks_within)

    def only_courtesy(self, text: str) -> bool:
        """Nothing but thanks, an okay or a greeting ("thank you", "hello"):
        at a question that wants a name, no answer to it."""
        t = normalise(text).lower()
        if self.yes_no(t) is not None or t in self.thanks_whole:
            return True
        for word in self.thanks_within:
            t = t.replace(word, "")
        found = self.intent(t) if t else None
        rest = self.strip_intent_words(t) if found is not None and found.name == "greeting" else t
        return not rest.strip(_YOU)


def _import_jieba() -> Any:
    """jieba, imported without `pkg_resources`: it only uses it to open its
    own dictionary files and falls back to a plain open() without it, and
    importing it read the metadata of every installed package (0.2 s and
    10 MB of a start)."""
    if "jieba" in sys.modules or "pkg_resources" in sys.modules:
        import jieba
        return jieba
    sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # makes `import pkg_resources` fail
    try:
        import jieba
    finally:
        del sys.modules["pkg_resources"]
    return jieba


def load_tokenizer(user_words: list[tuple[str, int, str]], extra_words: tuple[str, ...] | list[str] = ()):
    """A jieba tokenizer with the trades, places and intent words added,
    initialised now (at start, never on a user's first message)."""
    jieba = _import_jieba()
    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.initialize()
    for word, freq, tag in user_words:
        tok.add_word(word, freq, tag)
    for word in extra_words:
        tok.add_word(word, 3000)
    return tok


def _default_numbers() -> ChoiceNumbers:
    return ChoiceNumbers(Words.read(INTENTS_FILE).section("numbers"))


_NUMBERS: Loaded[ChoiceNumbers] = Loaded(_default_numbers)


def use(nlu: Nlu) -> Nlu:
    """Make ``parse_number`` read choice numbers with ``nlu``'s table (the
    app, at start)."""
    _NUMBERS.set(nlu.numbers)
    return nlu
