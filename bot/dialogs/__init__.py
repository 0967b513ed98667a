"""Dialogs: small declarative state machines (transitions), no I/O.

`conversation.Conversation` routes a turn to the right one; each module
below is one dialog.
"""
