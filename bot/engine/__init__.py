"""The dialog engine: a dialog is a `transitions` state machine declared as
a table (states, transitions, questions, on_enter) naming the dialog's own
functions; `answers` reads what people answer (numbers, yes and no, names,
phones, areas) the same way in every dialog. Pure: no I/O. The dialogs
themselves live in their features (bot/features)."""
