"""The user's own record: "my info", consent terms, keeping the users row
up to date, and "delete" (a deletion that is true; retention limits)."""
from bot.features.account.dialog import DeleteDialog

DIALOGS = (DeleteDialog,)
INTENTS = {"delete": DeleteDialog}
