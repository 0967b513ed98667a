"""bot/language as a package: grammar in code, words as data, loaded once
at start and never at import.  (What the parsers read is tested in
test_parsing.py, test_query.py, test_conversation.py.)"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from bot import DATA_DIR, PACKAGE_DIR
from bot.language import nlu, parsing, query
from bot.language.resources import Language
from bot.language.words import WordsError

WORD_FILES = ("parsing.json", "query.json")
# What only a regular expression would contain; plain words never do.
REGEX_SYNTAX = ("(?", "\\", "|", "[", "]", "{", "}")


def _strings(doc):
    if isinstance(doc, str):
        yield doc
    elif isinstance(doc, dict):
        for key, value in doc.items():
            if key != "note":
                yield key
                yield from _strings(value)
    elif isinstance(doc, list):
        for value in doc:
            yield from _strings(value)


@pytest.mark.parametrize("name", WORD_FILES)
def test_word_files_hold_words_not_regular_expressions(name):
    doc = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))
    patterns = [s for s in _strings(doc) if any(mark in s for mark in REGEX_SYNTAX)]
    assert not patterns, f"{name}: grammar belongs in bot/language/ ({patterns[:5]})"


def test_intents_hold_words_not_regular_expressions():
    doc = json.loads((DATA_DIR / "intents.json").read_text(encoding="utf-8"))
    patterns = [s for s in _strings(doc) if "(?" in s or "\\" in s or "|" in s]
    assert not patterns, patterns[:5]


@pytest.mark.parametrize("name", [*WORD_FILES, "intents.json", "content_rules.json", "policy_synonyms.json"])
def test_each_word_file_says_what_staff_may_change_and_what_breaks(name):
    note = json.loads((DATA_DIR / name).read_text(encoding="utf-8"))["note"]
    assert any(w in note for w in ("Staff may", "工作人员")), name
    assert any(w in note for w in ("What breaks", "启动")), name


def test_nothing_is_read_at_import():
    """Importing the language modules reads no data file (they are read when
    the app starts, or on first use)."""
    probe = (
        "import sys\n"
        "seen = []\n"
        "sys.addaudithook(lambda event, args: seen.append(str(args[0])) if event == 'open' else None)\n"
        "import bot.language.nlu, bot.language.parsing, bot.language.query, bot.language.rules\n"
        "import bot.language.policy_kb, bot.language.resources\n"
        "print('\\n'.join(p for p in seen if p.endswith('.json')))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=60,
                          cwd=PACKAGE_DIR.parent)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "", f"read at import: {done.stdout.split()}"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    shutil.copytree(DATA_DIR, folder)
    return folder


def _edit(folder: Path, name: str, change) -> None:
    path = folder / name
    doc = json.loads(path.read_text(encoding="utf-8"))
    change(doc)
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")


@pytest.fixture
def restore_grammars():
    """Tests that hand the parse functions another grammar put the shipped one back."""
    yield
    parsing.use(parsing.Grammar.load())
    query.use(query.Grammar.load(parser=parsing.grammar()))


def test_a_word_staff_add_is_read_without_touching_code(data_copy, restore_grammars):
    title = "\u6751\u957f"  # a form of address the shipped file does not have (village head)
    text = "\u738b" + title  # Wang, village head
    assert parsing.parse_contact_name("\u627e" + text) is None
    _edit(data_copy, "parsing.json", lambda d: d["contact"]["titles"].append(title))
    parsing.use(parsing.Grammar.load(data_copy))
    assert parsing.parse_contact_name("\u627e" + text) == text


def test_a_word_is_matched_as_written_even_with_pattern_characters(data_copy, restore_grammars):
    _edit(data_copy, "parsing.json", lambda d: d["meals_lodging"]["rules"].append(["(?:x)|y", True, None]))
    parsing.use(parsing.Grammar.load(data_copy))
    assert parsing.parse_meals_lodging("y") == (None, None)
    assert parsing.parse_meals_lodging("(?:x)|y") == (True, None)


@pytest.mark.parametrize("name,change,message", [
    ("parsing.json", lambda d: d["pay"].pop("per_units"), "parsing.json.pay: 'per_units' is missing"),
    ("parsing.json", lambda d: d["contact"].__setitem__("surnames", "wang"),
     "parsing.json.contact.surnames: must be a list of words"),
    ("parsing.json", lambda d: d.pop("date"), "parsing.json: 'date' is missing"),
    ("query.json", lambda d: d["words"].__setitem__("stop", ["ok", 3]), "query.json.words.stop: must be a list of words"),
    ("intents.json", lambda d: d["numbers"].pop("suffix"), "intents.json.numbers: 'suffix' is missing"),
])
def test_a_broken_word_file_is_named_with_its_key(data_copy, name, change, message):
    _edit(data_copy, name, change)
    with pytest.raises(WordsError) as caught:
        Language.load(data_copy)
    assert message in str(caught.value)


def test_a_word_file_that_is_not_json_is_named(data_copy):
    (data_copy / "query.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(WordsError, match=r"query.json: not valid JSON \(line 1"):
        Language.load(data_copy)


def test_the_app_hands_its_grammars_to_the_parse_functions():
    from bot.app import language_resources

    refdata, built = language_resources()
    assert nlu.parse_number("\u7b2c3\u4e2a") == 3   # "number 3" with the ordinal prefix and counter
    assert nlu._NUMBERS.get() is built.numbers
    assert parsing.grammar() is not None and query.grammar() is not None
    q = query.parse_query("\u660e\u5929\u642c\u8fd0", refdata, date(2026, 11, 27))   # tomorrow, porter
    assert q.trades == ("porter",) and q.date_from == date(2026, 11, 28)


async def test_a_broken_data_file_stops_the_start_with_one_line(monkeypatch):
    from aiohttp import web

    from bot import app as app_module
    from bot.settings import Settings

    def broken():
        raise WordsError("parsing.json.pay: 'per_units' is missing")

    monkeypatch.setattr(app_module, "language_resources", broken)
    app = web.Application()
    app[app_module.SETTINGS] = Settings()
    with pytest.raises(app_module.StartError, match=r"a data file is wrong: parsing.json.pay: 'per_units' is missing"):
        await app_module._resources(app, start_sender=False).__anext__()
