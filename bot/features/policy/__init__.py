"""Policy questions answered from the knowledge base (clauses 12, 13, 17-19)."""
DIALOGS: tuple = ()
INTENTS: dict = {}
