"""After the job (clause 24): "work done", "it did not happen", rating the
other side, the service survey and "my rating"; engagements end by
themselves after their last work day."""
from bot.features.ratings.dialog import DisputeDialog, DoneDialog, RateDialog, SurveyDialog

DIALOGS = (DoneDialog, DisputeDialog, RateDialog, SurveyDialog)
INTENTS = {"rating": RateDialog, "done": DoneDialog, "dispute": DisputeDialog}


def load_data() -> None:
    """At start: the tags, comment words and thresholds (bot/data/ratings.json), checked."""
    from bot.features.ratings.rules import RULES, RatingRules

    RULES.set(RatingRules.load())
