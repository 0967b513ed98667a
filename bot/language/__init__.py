"""Language understanding: what people type or say (voice recognition text)
read into what they mean. Pure functions and objects built once at start;
no I/O at import.

    nlu.py          global words, choice numbers, intents (jieba + the intent
                    table in bot/data/intents.json)
    parsing.py      answers and whole job posts into fields (pay, dates,
                    hours, headcount, phone, age, address ...)
    choices.py      numbered choices answered in words (bot/data/choices.json)
    query.py        a worker's search request into search filters
    rules.py        the content rules a job post is checked against
                    (bot/data/content_rules.json)
    policy_kb.py    the policy knowledge base and its retrieval
                    (bot/data/policies/, bot/data/policy_synonyms.json)
    rules_eval.py, policy_eval.py
                    how well the rules and the knowledge base do on labeled sets
                    (python -m bot rules-eval, python -m bot policy-eval)
    hours.py        a market's opening hours as staff write them
                    (bot/data/hours.json)
    words.py        reading word files (errors name the file and the key), and
                    the pieces patterns are built from
    resources.py    Language: everything above reads from bot/data/, loaded once
                    by the app at start and handed to the parse functions

The grammar (regular expressions, their groups, how they combine) is code,
next to the function that reads with it; the words are data that staff can
edit (each file's note says what they may change and what breaks).

Dialogs and services import from here; nothing here imports a dialog, a
service or the store (policy_eval borrows the app's loaded tokenizer).
"""
