"""Finding work, job details and applying (clause 8), "my applications"."""
DIALOGS: tuple = ()
INTENTS: dict = {}
