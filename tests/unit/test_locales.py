"""Both catalogs have the same ids and placeholders, and every id the code
uses exists (a missing id would silently show as the id itself)."""
import ast
import pathlib

from bot.i18n import Catalog

ROOT = pathlib.Path(__file__).resolve().parents[2]


def _ids_used_in_code() -> set[str]:
    """Catalog ids named in bot/: say("id"), Invalid("id"), self.say("id"),
    catalog.text(locale, "id"), Question("id", …)."""
    used: set[str] = set()
    for path in (ROOT / "bot").rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call):
                continue
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            args = [a for a in node.args if isinstance(a, ast.Constant) and isinstance(a.value, str)]
            if name in ("say", "Invalid", "Question") and args and node.args[0] is args[0]:
                used.add(args[0].value)
            elif name == "text" and len(node.args) >= 2 and node.args[1] in args:
                used.add(node.args[1].value)
    return used


def test_zh_and_en_have_the_same_ids_and_variables():
    cat = Catalog()
    zh, en = cat.ids("zh_CN"), cat.ids("en")
    assert set(zh) == set(en), f"only zh: {set(zh) - set(en)}; only en: {set(en) - set(zh)}"
    for msg_id in zh:
        assert zh[msg_id] == en[msg_id], f"{msg_id}: zh uses {zh[msg_id]}, en uses {en[msg_id]}"


def test_every_id_used_in_code_exists():
    ids = set(Catalog().ids("zh_CN"))
    used = _ids_used_in_code()
    assert len(used) > 30, used
    # f-strings build a few ids (e.g. "find-work-for-now"); they are checked by the dialogs' tests.
    missing = {u for u in used if u not in ids and "{" not in u}
    assert not missing, f"ids used in code but missing from locales: {missing}"


def test_rendering_fills_variables_in_both_languages():
    cat = Catalog()
    assert "7" in cat.text("zh_CN", "pick-a-number", max=7)
    assert "7" in cat.text("en", "pick-a-number", max=7)
    assert "\u2068" not in cat.text("zh_CN", "pick-a-number", max=7), "no invisible isolation marks"


def test_no_chinese_sentences_in_python_files():
    import re

    han = re.compile(r"[\u4e00-\u9fff]")
    offenders = [str(p.relative_to(ROOT)) for p in (ROOT / "bot").rglob("*.py")
                 if han.search(p.read_text(encoding="utf-8"))]
    assert not offenders, f"user-facing text belongs in locales/: {offenders}"


def _select_keys() -> dict[str, set]:
    """Every variable's select keys, in both catalogs (names, and numbers as ints)."""
    from fluent.syntax import FluentParser
    from fluent.syntax import ast as ftl
    from fluent.syntax.visitor import Visitor

    keys: dict[str, set] = {}

    class Keys(Visitor):
        def visit_SelectExpression(self, node):  # noqa: N802 (Fluent's naming)
            if isinstance(node.selector, ftl.VariableReference):
                for variant in node.variants:
                    key = variant.key.parse()["value"] if isinstance(variant.key, ftl.NumberLiteral) else variant.key.name
                    keys.setdefault(node.selector.id.name, set()).add(key)
            self.generic_visit(node)

    for path in (ROOT / "locales").glob("*/*.ftl"):
        Keys().visit(FluentParser(with_spans=False).parse(path.read_text(encoding="utf-8")))
    return keys


def test_every_message_compiled_reads_as_fluent_writes_it_whatever_its_values():
    """The catalog formats with its own compiled form of each message
    (Fluent's resolver was a tenth of a turn for a summary): for every
    message of both languages, each variable given each of its select keys,
    a string no key names, and numbers (plural categories: 1 is "one" in
    English), the text is Fluent's to the character."""
    from bot.i18n import Listed

    cat = Catalog()
    keys = _select_keys()
    compiled = checked = 0
    for locale in ("zh_CN", "en"):
        for msg_id, names in cat.ids(locale).items():
            base = {n: f"<{n}>" for n in sorted(names)}
            trials = [base]
            for name in sorted(names):
                for value in [*sorted(keys.get(name, ()), key=str), "other", "zz", 0, 1, 2, 5, 1975, -3, 1.5, True,
                              Listed("list-separator", "x", ())]:
                    trials.append({**base, name: value})
            if cat._compiled_for(locale, msg_id) is not None:
                compiled += 1
            for args in trials:
                assert cat._format(locale, msg_id, args) == cat._format_with_fluent(locale, msg_id, args), \
                    (locale, msg_id, args)
                checked += 1
    # Nearly every message goes the compiled way (else this compares Fluent with itself).
    assert compiled >= 0.95 * len(cat.ids("zh_CN")) * 2, compiled
    assert checked > 10_000
    # A message missing in one language falls back to the other, as Fluent's localization does.
    assert cat._format("zh_CN", "no-such-message", {}) == cat._format_with_fluent("zh_CN", "no-such-message", {})
