"""Persistence: the shared database (SQLAlchemy) and the key-value store
(in-process or Redis) behind a few plain interfaces."""
