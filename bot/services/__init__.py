"""Use cases: one turn of a user's conversation, applied to the store."""
