"""One message's turn: the conversation routes it to the right dialog
(pure), and the service runs that against the store (de-duplication, the
user's lock, state, the bus's queries and commands in one transaction,
the reply)."""
