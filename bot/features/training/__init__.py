"""Training (clauses 14-16): courses, sign-up and waiting list, the needs survey."""
from bot.features.training.dialog import MyTrainingDialog, TrainingDialog, TrainingNeedsDialog

DIALOGS = (TrainingDialog, MyTrainingDialog, TrainingNeedsDialog)
INTENTS = {"training": TrainingDialog, "my_training": MyTrainingDialog, "training_needs": TrainingNeedsDialog}
