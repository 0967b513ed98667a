"""What a user was typing and did not save (an open dialog's answers, a
draft kept for "go on", trouble told before complaining) is kept in the
key-value store no longer than it can be used, plus a day; the rest of the
state (language, market) for the usual months."""
import json

from bot.domain.session import Session
from bot.turn.conversation import PAUSED_FOR, STORY_KEPT
from bot.turn.service import DRAFT_TTL, STATE_TTL, kept_state, state_ttl


def _ttl(session):
    # What a turn keeps its session for, and what a state read back is kept for: the same.
    text, ttl = kept_state(session)
    assert state_ttl(json.dumps(session.saved())) == ttl and json.loads(text) == session.saved()
    return ttl


def test_a_state_with_nothing_typed_is_kept_for_months():
    assert _ttl(Session(locale="en", known=True, market="fengze")) == STATE_TTL


def test_a_dialog_a_kept_draft_or_a_story_is_kept_days_not_months():
    dialog = {"name": "register", "state": "ask_phone", "slots": {"name": "老王"}}
    open_ = Session(dialog=dialog)
    paused = Session()
    paused.pause(dialog, 1.0)
    told = Session()
    told.remember_story("包工头欠我两千四", 1.0)
    for s in (open_, paused, told):
        assert _ttl(s) == DRAFT_TTL
    assert PAUSED_FOR < DRAFT_TTL and STORY_KEPT < DRAFT_TTL < STATE_TTL / 30


def test_a_staff_reply_waiting_for_send_is_kept_only_as_long_as_it_can_be_sent():
    """A staff member's words to a user (often with the user's name), not
    yet confirmed: they cannot be sent after the follow-up minutes, so the
    state goes then, not two days later."""
    from bot.turn.conversation import STAFF_FOLLOW_UP

    waiting = Session(staff_ticket=12, staff_ticket_at=1.0, staff_draft="王大明你好，正在核实")
    assert _ttl(waiting) == STAFF_FOLLOW_UP < DRAFT_TTL
    # A staff member's own half-done dialog is still kept as anyone's.
    waiting.dialog = {"name": "register", "state": "ask_phone", "slots": {}}
    assert _ttl(waiting) == DRAFT_TTL
