"""Tests for bot.language.rules (job-post content rules) and bot.language.rules_eval.

Chinese test inputs live in tests/unit/data/labeled_posts.json.
"""
from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from bot import DATA_DIR
from bot.language.rules import (
    RULES_FILE,
    ContentRules,
    ContentRulesError,
    RuleHit,
    Verdict,
    normalise,
)
from bot.language.rules_eval import DEFAULT_CASES, EXPECTED, LABELS, evaluate, load_cases, main

CASES_FILE = Path(__file__).parent / "data" / "labeled_posts.json"
DOC = json.loads(CASES_FILE.read_text(encoding="utf-8"))
POSTS = DOC["posts"]
BY_ID = {p["id"]: p for p in POSTS}


@pytest.fixture(scope="module")
def rules() -> ContentRules:
    return ContentRules.load()


def _check(rules: ContentRules, post: dict) -> Verdict:
    return rules.check(post["text"], trade_category=post.get("trade_category"),
                       pay_amount=post.get("pay_amount"), pay_unit=post.get("pay_unit"))


# --- the labeled set ---------------------------------------------------------


def test_labeled_set_shape() -> None:
    assert DEFAULT_CASES.resolve() == CASES_FILE.resolve()
    posts = load_cases(CASES_FILE)
    assert len(posts) >= 70
    counts = {label: sum(1 for p in posts if p["label"] == label) for label in LABELS}
    assert counts["lawful"] >= 25, counts
    assert all(counts.values()), counts
    for post in posts:
        if post["label"] != "lawful":
            assert post.get("rules"), f"{post['id']}: name the rule(s) it should hit"


def test_lawful_set_covers_the_tricky_lawful_wording() -> None:
    lawful = [p["text"] for p in POSTS if p["label"] == "lawful"]
    missing = [w for w in DOC["must_cover_lawful"] if not any(w in t for t in lawful)]
    assert not missing, missing


@pytest.mark.parametrize("post", POSTS, ids=lambda p: p["id"])
def test_labeled_post(rules: ContentRules, post: dict) -> None:
    verdict = _check(rules, post)
    expected = EXPECTED[post["label"]]
    hits = [(h.rule_id, h.action, h.matched) for h in verdict.hits]
    assert verdict.decision == expected, f"{post['id']}: {post['text']!r} -> {hits}"
    missing = set(post.get("rules", [])) - set(verdict.rule_ids)
    assert not missing, f"{post['id']}: expected {sorted(missing)} among {hits}"
    if expected == "pass":
        assert verdict.hits == ()
    if expected == "refuse":
        assert any(h.action == "refuse" for h in verdict.hits)


def test_no_lawful_post_is_refused(rules: ContentRules) -> None:
    refused = [p["id"] for p in POSTS if p["label"] == "lawful" and _check(rules, p).decision == "refuse"]
    assert refused == []


def test_every_rule_is_exercised_by_the_labeled_set(rules: ContentRules) -> None:
    hit = {rid for p in POSTS for rid in _check(rules, p).rule_ids}
    assert set(rules.rule_ids) <= hit, set(rules.rule_ids) - hit


# --- evaluation --------------------------------------------------------------


def test_evaluate_figures() -> None:
    report = evaluate()
    assert report["posts"] == len(POSTS)
    assert sum(row["posts"] for row in report["by_label"].values()) == len(POSTS)
    assert report["flag"]["recall"] == 1.0, report["misclassified"]
    assert report["refuse"]["recall"] == 1.0, report["misclassified"]
    assert report["flag"]["precision"] >= 0.95
    assert report["refuse"]["precision"] >= 0.95
    assert report["review"]["recall"] >= 0.9
    assert report["lawful_refused"] == []
    assert report["misclassified"] == []
    assert report["rule_misses"] == []
    assert report["by_label"]["lawful"]["refuse"] == 0


def test_main_prints_the_report_and_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out
    for label in LABELS:
        assert label in out
    assert "precision" in out and "recall" in out
    assert "lawful posts refused: 0" in out


def test_main_json(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["flag"]["recall"] == 1.0


def test_main_exits_non_zero_when_a_lawful_post_is_refused(tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    wrong = dict(BY_ID["discriminatory-01"], id="mislabeled", label="lawful")
    wrong.pop("rules")
    cases = tmp_path / "cases.json"
    cases.write_text(json.dumps({"posts": [wrong, BY_ID["lawful-01"]]}, ensure_ascii=False), encoding="utf-8")
    assert main([str(cases)]) == 1
    out = capsys.readouterr().out
    assert "mislabeled" in out
    report = evaluate(cases)
    assert report["lawful_refused"] == ["mislabeled"]
    assert report["flag"]["precision"] == 0.0


def test_main_reports_unreadable_files(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nope.json")]) == 2
    assert "error" in capsys.readouterr().err


# --- normalisation -----------------------------------------------------------


def test_normalise() -> None:
    assert normalise("\uff21\uff22 \uff43\u3000 1\uff12\u200b3 ") == "abc123"
    assert normalise(None) == ""
    assert normalise("line one \r\n  line two\nthree") == "lineone\u3002linetwo\u3002three"


def test_a_pattern_does_not_run_across_lines(tmp_path: Path) -> None:
    """The dialog joins the post's fields with line breaks; a line break
    counts as a full stop, so "[^,\u3002]" style gaps stop there."""
    new_rule = {"id": "test-gap", "category": "scam", "action": "review", "patterns": ["abc[^,\u3002]{0,4}xyz"],
                "why": {"zh": "x", "en": "x"}, "fix": {"zh": "y", "en": "y"}}
    rules = ContentRules.load(_broken(tmp_path, lambda d: d["rules"].append(new_rule)))
    assert rules.check("abc 1 xyz").decision == "review"
    assert rules.check("abc 1\nxyz").decision == "pass"


@pytest.mark.parametrize("case", DOC["normalisation"], ids=lambda c: c["rule"])
def test_full_width_spaces_and_invisible_characters_are_caught(rules: ContentRules, case: dict) -> None:
    verdict = rules.check(case["text"])
    assert case["rule"] in verdict.rule_ids, (case["text"], verdict)
    assert verdict.decision != "pass"


def test_empty_post_passes(rules: ContentRules) -> None:
    assert rules.check("") == Verdict("pass", ())


# --- pay ---------------------------------------------------------------------


def test_pay_far_above_market_goes_to_review(rules: ContentRules) -> None:
    text = BY_ID["lawful-01"]["text"]
    assert rules.pay is not None
    low, high = rules.pay.range_for("construction", "day")
    assert low < high
    limit = int(rules.pay.factor * high)

    ok = rules.check(text, trade_category="construction", pay_amount=limit, pay_unit="day")
    assert ok.decision == "pass"
    far = rules.check(text, trade_category="construction", pay_amount=limit + 1, pay_unit="day")
    assert far.decision == "review"
    assert far.rule_ids == (rules.pay.id,)
    hit = far.hits[0]
    assert hit.category == "review" and hit.action == "review" and hit.matched == f"{limit + 1}/day"
    assert hit.why["zh"] and hit.why["en"] and hit.fix["zh"] and hit.fix["en"]


def test_pay_check_needs_a_comparable_unit(rules: ContentRules) -> None:
    text = BY_ID["lawful-01"]["text"]
    assert rules.check(text, trade_category="construction", pay_amount=10**6, pay_unit="piece").decision == "pass"
    assert rules.check(text, trade_category="construction", pay_amount=10**6).decision == "pass"
    assert rules.check(text, trade_category="construction", pay_unit="day").decision == "pass"


def test_pay_without_a_category_uses_the_other_range(rules: ContentRules) -> None:
    text = BY_ID["lawful-01"]["text"]
    _, high = rules.pay.range_for("other", "month")
    assert rules.pay.range_for(None, "month") == rules.pay.range_for("other", "month")
    assert rules.check(text, pay_amount=high * 10, pay_unit="month").decision == "review"


def test_pay_ranges_cover_every_trade_category(rules: ContentRules) -> None:
    categories = {c["code"] for c in json.loads((DATA_DIR / "trades.json").read_text("utf-8"))["categories"]}
    assert set(rules.pay.ranges) == categories
    for code, by_unit in rules.pay.ranges.items():
        assert set(by_unit) == {"hour", "day", "month"}, code
        assert by_unit["hour"][1] < by_unit["day"][1] < by_unit["month"][1], code


def test_a_refusal_outranks_a_pay_review(rules: ContentRules) -> None:
    post = BY_ID["discriminatory-01"]
    verdict = rules.check(post["text"], trade_category="logistics", pay_amount=10**5, pay_unit="day")
    assert verdict.decision == "refuse"
    assert {"gender-limit", rules.pay.id} <= set(verdict.rule_ids)


# --- per-trade actions and results --------------------------------------------


def test_action_by_trade_turns_a_refusal_into_review(rules: ContentRules) -> None:
    text = BY_ID["borderline-07"]["text"]
    assert rules.check(text, trade_category="events").decision == "review"
    assert rules.check(text, trade_category="catering").decision == "refuse"
    assert rules.check(text).decision == "refuse"


def test_hits_carry_reason_and_fix_in_both_languages(rules: ContentRules) -> None:
    for post in POSTS:
        for hit in _check(rules, post).hits:
            assert isinstance(hit, RuleHit)
            assert hit.category in ("discrimination", "scam", "wage", "review")
            assert hit.action in ("refuse", "review")
            assert hit.matched
            for texts in (hit.why, hit.fix):
                assert set(texts) == {"zh", "en"} and all(texts.values())
                assert texts["en"].isascii()


def test_hit_texts_are_copies(rules: ContentRules) -> None:
    hit = rules.check(BY_ID["discriminatory-01"]["text"]).hits[0]
    hit.why["zh"] = "changed"
    assert rules.check(BY_ID["discriminatory-01"]["text"]).hits[0].why["zh"] != "changed"


def test_rules_file_is_readable_by_staff() -> None:
    doc = json.loads((DATA_DIR / RULES_FILE).read_text(encoding="utf-8"))
    assert re.search(r"[\u4e00-\u9fff]", doc["note"]), "the note is written for staff, in Chinese"
    for rule in doc["rules"]:
        assert rule["id"].isascii()
        assert re.search(r"[\u4e00-\u9fff]", rule["why"]["zh"]) and re.search(r"[\u4e00-\u9fff]", rule["fix"]["zh"])


def test_checking_is_fast(rules: ContentRules) -> None:
    texts = [p["text"] for p in POSTS] * 10
    started = time.perf_counter()
    for text in texts:
        rules.check(text)
    per_post = (time.perf_counter() - started) / len(texts)
    assert per_post < 0.002, f"{per_post * 1000:.3f} ms per post"


# --- validation --------------------------------------------------------------


def _broken(tmp_path: Path, change) -> Path:
    target = tmp_path / RULES_FILE
    shutil.copy(DATA_DIR / RULES_FILE, target)
    doc = json.loads(target.read_text(encoding="utf-8"))
    change(doc)
    target.write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return target


def _set(path: list, value):
    def change(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        node[path[-1]] = value
    return change


def _delete(path: list):
    def change(doc):
        node = doc
        for key in path[:-1]:
            node = node[key]
        del node[path[-1]]
    return change


def _rule_id(doc_index: int) -> str:
    doc = json.loads((DATA_DIR / RULES_FILE).read_text(encoding="utf-8"))
    return doc["rules"][doc_index]["id"]


BROKEN = {
    "duplicate id": (lambda d: d["rules"][1].update(id=d["rules"][0]["id"]), 0, "duplicate id"),
    "bad regex": (lambda d: d["rules"][2]["patterns"].append("(unclosed"), 2, "not a valid pattern"),
    "bad unless regex": (lambda d: d["rules"][0]["unless"].append("[a-"), 0, "not a valid pattern"),
    "missing en why": (_delete(["rules", 3, "why", "en"]), 3, "'en'"),
    "missing en fix": (_delete(["rules", 4, "fix", "en"]), 4, "'en'"),
    "empty zh": (_set(["rules", 5, "why", "zh"], " "), 5, "'zh'"),
    "unknown category": (_set(["rules", 6, "category"], "rudeness"), 6, "category"),
    "unknown action": (_set(["rules", 7, "action"], "delete"), 7, "action"),
    "review category refusing": (_set(["rules", 0, "category"], "review"), 0, "action 'review'"),
    "pattern matching nothing": (lambda d: d["rules"][1]["patterns"].append("x?"), 1, "empty text"),
    "no patterns": (_set(["rules", 2, "patterns"], []), 2, "patterns"),
    "misspelt field": (lambda d: d["rules"][3].update(unles=["x"]), 3, "unles"),
    "unknown trade category": (_set(["rules", 0, "action_by_trade"], {"astronauts": "review"}), 0, "astronauts"),
    "back-reference": (lambda d: d["rules"][1]["patterns"].append(r"(a)\1"), 1, "back-reference"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_rules_file_is_rejected_naming_the_rule(tmp_path: Path, name: str) -> None:
    change, index, message = BROKEN[name]
    path = _broken(tmp_path, change)
    with pytest.raises(ContentRulesError) as caught:
        ContentRules.load(path)
    assert isinstance(caught.value, ValueError)
    text = str(caught.value)
    assert repr(_rule_id(index)) in text, text
    assert message in text, text


@pytest.mark.parametrize("change,message", [
    (_set(["pay", "ranges", "catering", "day"], [300, 100]), "low <= high"),
    (_set(["pay", "ranges", "catering", "week"], [1, 2]), "'week'"),
    (_set(["pay", "ranges", "astronauts"], {"day": [1, 2]}), "astronauts"),
    (_set(["pay", "factor"], 1), "factor"),
    (_delete(["pay", "fix", "en"]), "'en'"),
    (_set(["pay", "id"], "gender-limit"), "duplicate id"),
])
def test_broken_pay_section_is_rejected(tmp_path: Path, change, message: str) -> None:
    with pytest.raises(ContentRulesError, match=re.escape(message)):
        ContentRules.load(_broken(tmp_path, change))


@pytest.mark.parametrize("change,message", [
    (_delete(["note"]), "note"),
    (_set(["rules"], []), "rules"),
    (_set(["extra"], 1), "extra"),
    (_set(["rules", 0, "id"], "Gender Limit"), "slug"),
])
def test_broken_top_level_is_rejected(tmp_path: Path, change, message: str) -> None:
    with pytest.raises(ContentRulesError, match=re.escape(message)):
        ContentRules.load(_broken(tmp_path, change))


@pytest.mark.parametrize("change,message", [
    (_set(["post", "hiring"], []), "'hiring' must be a non-empty list"),
    (_set(["post", "worker_story"], [""]), "'worker_story' must be a non-empty list"),
    (_delete(["post", "note"]), "post: a non-empty 'note'"),
    (_set(["post", "extra"], 1), "post: unknown field"),
])
def test_broken_post_section_is_rejected(tmp_path: Path, change, message: str) -> None:
    with pytest.raises(ContentRulesError, match=re.escape(message)):
        ContentRules.load(_broken(tmp_path, change))


def test_the_words_that_make_a_message_a_post_are_read_folded(rules: ContentRules) -> None:
    assert rules.hiring_words and rules.worker_story_words
    assert all(w == normalise(w) for w in rules.hiring_words + rules.worker_story_words)


def test_missing_or_malformed_file(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="not found"):
        ContentRules.load(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="cannot read"):
        ContentRules.load(bad)


def test_a_valid_copy_loads_and_a_new_rule_works(tmp_path: Path) -> None:
    """What staff do: add a rule with plain words; it takes effect on load."""
    word = "zzq-test-word"
    new_rule = {
        "id": "test-word", "category": "scam", "action": "review", "patterns": [word.upper()],
        "unless": ["no" + word], "why": {"zh": "x", "en": "x"}, "fix": {"zh": "y", "en": "y"},
    }
    rules = ContentRules.load(_broken(tmp_path, lambda d: d["rules"].append(new_rule)))
    assert "test-word" in rules.rule_ids
    assert rules.check(f"a {word} b").decision == "review"
    assert rules.check(f"a no{word} b").decision == "pass"
    assert rules.check(f"no{word} then {word}").decision == "review"
