"""The console's policy editor (#15): the preview is what a user gets in
WeChat, the evaluation is computed before and after a change, and the form
becomes an entry that save_policy accepts."""
from __future__ import annotations

import copy

import pytest

from bot.app import content_rules, language_resources, policy_base
from bot.i18n import Catalog
from bot.language.policy_kb import PolicyBaseError
from bot.services.policy_edit import build_base, edited, eval_diff, form_doc, preview
from bot.services.staff_data import POLICIES_DIR, read_policy_docs
from bot.turn.conversation import Conversation
from tests.unit.test_conversation import User


@pytest.fixture(scope="module")
def docs():
    return read_policy_docs(POLICIES_DIR)


@pytest.fixture(scope="module")
def catalog():
    return Catalog()


def wage(docs):
    return copy.deepcopy(next(d for d in docs if d["id"] == "wage-arrears"))


def test_the_preview_is_the_reply_a_user_gets_for_a_question_that_finds_the_entry(docs, catalog):
    refdata, nlu = language_resources()
    doc = wage(docs)
    doc["short"] = "先留好干活的证据：聊天记录、考勤、工友证明。\n再打 12333 问清楚怎么投诉。"
    base = build_base(edited(docs, doc), nlu.tokenizer)
    seen = preview(base, "wage-arrears", catalog, refdata, nlu, content_rules())

    conv = Conversation(nlu, refdata, rules=content_rules(), policies=base)
    u = User(conv)
    _, out = u.send("工钱一直拿不到有什么办法")
    assert seen.answer == [catalog.render("zh_CN", out.out)]
    assert "先留好干活的证据" in seen.answer[0] and doc["title"] in seen.answer[0]

    _, more = u.send("详细")
    assert seen.details == [catalog.render("zh_CN", more.out)]
    assert doc["source"] in seen.details[0] and doc["checked"] in seen.details[0]


def test_the_preview_in_english_uses_the_english_fields(docs, catalog):
    refdata, nlu = language_resources()
    doc = wage(docs)
    seen = preview(build_base(docs, nlu.tokenizer), "wage-arrears", catalog, refdata, nlu, content_rules(),
                   locale="en")
    assert doc["short_en"] in seen.answer[0] and doc["title_en"] in seen.answer[0]
    assert doc["details_en"] in seen.details[0]


def test_the_minimum_wage_preview_goes_on_with_the_whole_table(docs, catalog):
    refdata, nlu = language_resources()
    seen = preview(build_base(docs, nlu.tokenizer), "minimum-wage", catalog, refdata, nlu, content_rules())
    assert "元" in seen.answer[0]


async def test_the_evaluation_before_and_after_a_change_that_spoils_an_entry(docs):
    _, nlu = language_resources()
    doc = wage(docs)
    # Questions that say nothing of wages: the wage questions of the eval set no longer find it.
    doc["title"], doc["title_en"] = "一件事", "A thing"
    doc["questions"] = [f"第{n}个问题是什么" for n in range(1, 9)]
    doc["short"] = doc["short_en"] = "See the market."
    diff = await eval_diff(policy_base(), edited(docs, doc), nlu.tokenizer)
    assert diff.before is not None and diff.after is not None and not diff.error
    assert diff.before.top1 > diff.after.top1
    assert "top1" in diff.worse
    assert any(m["want"] == "wage-arrears" for m in diff.new_misses)
    assert diff.before.missed == [] and diff.after.missed


async def test_the_evaluation_of_an_unchanged_entry_is_the_same_before_and_after(docs):
    _, nlu = language_resources()
    diff = await eval_diff(policy_base(), edited(docs, wage(docs)), nlu.tokenizer)
    assert diff.before == diff.after and diff.worse == [] and diff.new_misses == []


async def test_a_change_that_breaks_the_rules_is_refused_naming_the_field(docs):
    _, nlu = language_resources()
    doc = wage(docs)
    doc["related"] = ["no-such-entry", "legal-aid"]
    with pytest.raises(PolicyBaseError, match="no-such-entry"):
        await eval_diff(policy_base(), edited(docs, doc), nlu.tokenizer)


async def test_an_eval_question_copied_into_the_entry_is_said(docs):
    from bot.language.policy_eval import load_cases

    _, nlu = language_resources()
    doc = wage(docs)
    case = next(c["q"] for c in load_cases() if c["id"] == "wage-arrears")
    doc["questions"] = [*doc["questions"][:7], case]
    diff = await eval_diff(policy_base(), edited(docs, doc), nlu.tokenizer)
    assert diff.after is not None and any("copied" in m for m in diff.after.missed)


def test_the_form_becomes_the_entry():
    form = {"title": " 标题 ", "title_en": "Title", "questions": "问一\r\n\r\n问二 \n",
            "short": "第一行\r\n第二行", "short_en": "x", "details": "d", "details_en": "d", "where": "w",
            "where_en": "w", "source": "s", "checked": "2026-12-01", "related": "legal-aid, wage-arrears\u3001minors"}
    doc = form_doc(form, "new-one", note="kept")
    assert doc["id"] == "new-one" and doc["title"] == "标题"
    assert doc["questions"] == ["问一", "问二"]
    assert doc["short"] == "第一行\n第二行"
    assert doc["related"] == ["legal-aid", "wage-arrears", "minors"]
    assert doc["note"] == "kept"
    assert "note" not in form_doc({**form, "note": ""}, "new-one", note="kept")


async def test_without_the_labeled_questions_the_preview_still_has_its_index_and_says_why(docs, tmp_path):
    from bot.services.policy_edit import NO_CASES

    _, nlu = language_resources()
    diff = await eval_diff(policy_base(), edited(docs, wage(docs)), nlu.tokenizer, cases=tmp_path / "none.json")
    assert diff.error == NO_CASES and diff.before is None and diff.after is None
    assert diff.base is not None and diff.base.entry("wage-arrears") is not None
