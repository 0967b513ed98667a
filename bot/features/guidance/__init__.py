"""One-to-one career guidance (clause 10): a half-day slot at a market."""
from bot.features.guidance.dialog import GuidanceDialog, MyGuidanceDialog

DIALOGS = (GuidanceDialog, MyGuidanceDialog)
INTENTS = {"guidance": GuidanceDialog, "my_guidance": MyGuidanceDialog}
