"""Finding work, job details and applying (clause 8), job alerts and
stopping pushed jobs (clause 10), reporting a job (clause 20), "my
applications". The search itself (search.py, ranking.py) is used only here."""
from bot.features.find_work.dialog import FindWorkDialog, MyApplicationsDialog

DIALOGS = (FindWorkDialog, MyApplicationsDialog)
# "find_work" also opens from a shared location (FindWorkDialog.start says
# where the nearest market is).
INTENTS = {"find_work": FindWorkDialog, "my_applications": MyApplicationsDialog}
