"""Complaints, requests for a person and feedback (clause 23): lodged as
tickets, announced to staff, followed up when nobody touched them in time,
read back by the user ("my complaints") and rated once closed."""
from bot.features.complaints.dialog import ComplaintDialog

DIALOGS = (ComplaintDialog,)
INTENTS = {"complaint": ComplaintDialog}
