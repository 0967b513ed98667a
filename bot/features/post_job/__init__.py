"""Posting jobs (clause 9) and "my jobs": applicants, close, repost, edit."""
DIALOGS: tuple = ()
INTENTS: dict = {}
