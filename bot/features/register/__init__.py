"""Worker registration (clauses 10 and 11), completing it afterwards
("add info": the optional questions), and registering briefly on the way to
something else (applying for a job, signing up for a course)."""
from bot.features.register.dialog import RegisterDialog

DIALOGS = (RegisterDialog,)
INTENTS = {"register": RegisterDialog, "register_more": RegisterDialog}
