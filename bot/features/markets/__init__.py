"""Gig markets and stations (clauses 1 and 2): the nearest, their address and hours."""
from bot.features.markets.dialog import MarketsDialog

DIALOGS = (MarketsDialog,)
INTENTS = {"markets": MarketsDialog}
