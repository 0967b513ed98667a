"""The conversation reads the staff data's latest copy at each turn, and one
turn reads one copy throughout (#14)."""
from dataclasses import dataclass, replace

from bot.app import language_resources, policy_base
from bot.refdata import Market
from bot.turn.conversation import Conversation, Inbound

STATION = Market(code="test_station", name="测试驿站", kind="station", area="dehua", address="测试路",
                 lat=25.49, lng=118.24, hours="8:00-12:00", verified=False)


@dataclass
class Holder:
    current: object


@dataclass(frozen=True)
class Snap:
    refdata: object
    policies: object


def test_each_turn_reads_the_latest_copy_and_a_pinned_turn_keeps_its_own():
    refdata, nlu = language_resources()
    holder = Holder(Snap(refdata, policy_base()))
    conversation = Conversation(nlu, refdata, staff_data=holder)
    pinned = conversation.pinned()
    assert conversation.refdata is refdata and conversation.policies is policy_base()
    holder.current = replace(holder.current, refdata=refdata.with_markets([*refdata.markets, STATION], {}),
                             policies=None)
    assert conversation.refdata.market_by_code("test_station") is STATION
    assert conversation.policies is None and conversation.policy.policies is None
    # The turn that began before the change goes on with what it began with.
    assert pinned.refdata is refdata and pinned.policies is policy_base()
    said = pinned.handle(Inbound(openid="o_pin_1", kind="text", text="老板拖欠工资不给怎么办"), None)
    assert said.out and said.out[0].id == "policy-answer"
    # The next turn reads the new copy (the copy kept for turns is made again).
    after = conversation.pinned()
    assert after is not pinned and after.refdata.market_by_code("test_station") is STATION
    assert after.policies is None
    assert conversation.pinned() is after   # nothing changed since: the same copy serves
