"""Everything reading people's words needs from ``bot/data/``, read and
compiled once when the app starts (never at import, never on a user's first
message), and handed to the code that reads with it.

The parse functions (``parsing.parse_pay``, ``query.parse_query``,
``nlu.parse_number`` ...) are called by dialogs as plain functions, so
``use()`` hands them their grammar; the reference data and the ``Nlu``
are passed to the conversation by the app.  Tests and tools that never call
``use()`` get the shipped files' grammar on first use.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from bot import DATA_DIR
from bot.language import choices as choices_module
from bot.language import nlu as nlu_module
from bot.language import parsing, query
from bot.language.nlu import INTENTS_FILE, Nlu, load_tokenizer
from bot.refdata import ReferenceData

__all__ = ["Language"]


@dataclass(frozen=True, eq=False)
class Language:
    refdata: ReferenceData       # areas, towns, trades and markets (also the tokenizer's user dictionary)
    nlu: Nlu                     # intents, global words, choice numbers (intents.json)
    parsing: parsing.Grammar     # how posts and answers are read (parsing.json)
    query: query.Grammar         # how search requests are read (query.json)
    choices: choices_module.Choices  # numbered choices answered in words (choices.json)

    @classmethod
    def load(cls, data_dir: Path | None = None) -> Language:
        """Read and compile the word files in ``data_dir`` (default
        bot/data/).  A broken file raises a ValueError naming the file and
        the key at fault (ReferenceDataError, WordsError)."""
        folder = Path(data_dir) if data_dir is not None else DATA_DIR
        refdata = ReferenceData.load(folder)
        grammar = parsing.Grammar.load(folder)
        search = query.Grammar.load(folder, grammar)
        tokenizer = load_tokenizer(refdata.user_dictionary_words())
        nlu = Nlu.load(tokenizer, trade_matcher=refdata.match_trades, path=folder / INTENTS_FILE,
                       english_numbers=grammar.english.number_words)
        return cls(refdata, nlu, grammar, search, choices_module.Choices.load(folder))

    def use(self) -> Language:
        """Make this what the parse functions read with."""
        parsing.use(self.parsing)
        query.use(self.query)
        nlu_module.use(self.nlu)
        nlu_module.use_typos(self.query.typos)
        choices_module.use(self.choices)
        return self
