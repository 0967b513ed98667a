"""Posting jobs (clause 9) and "my jobs": applicants, close, repost, edit;
staff review of posts the content rules held (`review.py`)."""
from bot.features.post_job.dialog import MyJobsDialog, PostJobDialog

DIALOGS = (PostJobDialog, MyJobsDialog)
INTENTS = {"post_job": PostJobDialog, "my_jobs": MyJobsDialog}
