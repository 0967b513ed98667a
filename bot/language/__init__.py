"""Language understanding: what people type or say (voice recognition text)
read into what they mean. Pure functions and objects built once at start;
no I/O at import.

    nlu.py          global words, choice numbers, intents (jieba + the intent
                    table in bot/data/intents.json)
    parsing.py      answers and whole job posts into fields (pay, dates,
                    hours, headcount, phone, age, address ...)
    query.py        a worker's search request into search filters
    rules.py        the content rules a job post is checked against
                    (bot/data/content_rules.json)
    policy_kb.py    the policy knowledge base and its retrieval
                    (bot/data/policies/, bot/data/policy_synonyms.json)
    rules_eval.py, policy_eval.py
                    how well the rules and the knowledge base do on labeled sets
                    (python -m bot rules-eval, python -m bot policy-eval)

Dialogs and services import from here; nothing here imports a dialog, a
service or the store.
"""
