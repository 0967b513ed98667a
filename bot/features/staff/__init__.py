"""The staff console (STAFF_OPENIDS only), in their own WeChat: the open
tickets, one ticket, a reply to its user, in progress, closed (the words
are under "staff" in bot/data/intents.json), and the day's guidance
bookings; and the shortage trades anyone may ask about. Its answers are in
`console.py` (pure); it has no dialog of its own."""
DIALOGS: tuple = ()
INTENTS: dict = {}
