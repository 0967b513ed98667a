"""Hardship categories (clause 13): what a worker says of themselves at
registration or in "my info" (the register dialog asks, skippable), what
staff recognise with the recognise / unrecognise commands (staff.py, routed by the
conversation's staff commands), and who public-welfare posts reach
(bot/services/pushes.py `eligible`: only staff-recognised categories
count). No dialog of its own."""
DIALOGS: tuple = ()
INTENTS: dict = {}


def load_data() -> None:
    """At start: the categories and the words for them (bot/data/hardship_categories.json), checked."""
    from bot.features.hardship.categories import CATEGORIES, Categories

    CATEGORIES.set(Categories.load())
