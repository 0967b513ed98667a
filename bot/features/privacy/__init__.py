"""Consent, "delete my data" and what is kept."""
DIALOGS: tuple = ()
INTENTS: dict = {}
