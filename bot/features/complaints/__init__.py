"""Complaints, requests for a person and feedback (clause 23)."""
DIALOGS: tuple = ()
INTENTS: dict = {}
