"""Worker registration (clause 10) and "my info"."""
DIALOGS: tuple = ()
INTENTS: dict = {}
