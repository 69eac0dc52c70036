"""Review records in catalogues, and the `i18n status` report that counts them."""

from __future__ import annotations

from pathlib import Path

import pytest

from ogp_curriculum import book
from ogp_curriculum.cli import main
from ogp_curriculum.i18n.catalogues import Coverage, coverage, is_reviewed, yaml_coverage
from ogp_curriculum.i18n.status import status_rows

PO = """msgid ""
msgstr ""
"Content-Type: text/plain; charset=utf-8\\n"

# reviewed-by: Ana Pérez, 2026-11-30
msgid "One"
msgstr "Un"

msgid "Two"
msgstr "Deux"

# reviewed-by: Ana Pérez, 2026-11-30
#, fuzzy
msgid "Three"
msgstr "Trois"

# reviewed-by: someone
msgid "Four"
msgstr "Quatre"

msgid "Five"
msgstr ""
"""


def _book(tmp_path: Path) -> Path:
    po = tmp_path / "locales" / "fr" / "LC_MESSAGES" / "modules" / "m.po"
    po.parent.mkdir(parents=True)
    po.write_text(PO, encoding="utf-8")
    return tmp_path


@pytest.mark.parametrize(
    ("comment", "expected"),
    [
        ("reviewed-by: Ana Pérez, 2026-11-30", True),
        ("  reviewed-by: Jean Dupont,2026-01-02 ", True),
        ("reviewed-by: Ana Pérez", False),  # no date
        ("reviewed-by: , 2026-11-30", False),  # no name
        ("reviewed by Ana, 2026-11-30", False),
    ],
)
def test_review_comment_format(comment: str, expected: bool) -> None:
    assert is_reviewed([comment]) is expected


def test_reviewed_counts_only_translated_non_fuzzy_messages(tmp_path: Path) -> None:
    po = _book(tmp_path) / "locales" / "fr" / "LC_MESSAGES" / "modules" / "m.po"
    assert coverage(po) == Coverage(total=5, translated=3, reviewed=1)


def test_yaml_coverage_counts_translated_and_reviewed_files(tmp_path: Path) -> None:
    for name in ("a.yml", "b.yml"):
        (tmp_path / "data" / "scenarios").mkdir(parents=True, exist_ok=True)
        (tmp_path / "data" / "scenarios" / name).write_text("id: x\n", encoding="utf-8")
    target = tmp_path / "data" / "i18n" / "es" / "scenarios"
    target.mkdir(parents=True)
    (target / "a.yml").write_text("# reviewed-by: Ana Pérez, 2026-11-30\nid: x\n", "utf-8")
    assert yaml_coverage(tmp_path, "es") == Coverage(2, 1, 1)
    assert yaml_coverage(tmp_path, "fr") == Coverage(2, 0, 0)


def test_status_report_lists_what_exists(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = _book(tmp_path)
    rows = status_rows(root)
    assert [(row.language, row.layer) for row in rows] == [("fr", "book pages")]
    assert main(["i18n", "status", "--root", str(root)]) == 0
    out = capsys.readouterr().out
    assert "fr    book pages" in out and "60.0%" in out and "20.0%" in out


def test_status_report_on_this_repository(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["i18n", "status"]) == 0
    out = capsys.readouterr().out
    assert "fr    book pages" in out and "es    book pages" in out


def test_language_config_sets_only_the_language(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(
        "title: T\nsphinx:\n  config:\n    language: en\n    x: 1\n", encoding="utf-8"
    )
    import yaml

    written = yaml.safe_load(book.language_config(tmp_path, "es").read_text(encoding="utf-8"))
    assert written == {"title": "T", "sphinx": {"config": {"language": "es", "x": 1}}}
    assert book.execution_cache(tmp_path, "es") != book.execution_cache(tmp_path, "fr")
    assert book.execution_cache(tmp_path) == tmp_path / "_build" / ".jupyter_cache"
    assert book.site_dir(tmp_path, "fr") == tmp_path / "_build" / "html" / "fr"


def test_status_report_picks_up_package_and_yaml_layers(tmp_path: Path) -> None:
    root = _book(tmp_path)
    package = root / "src" / "ogp_curriculum" / "locales" / "fr" / "LC_MESSAGES"
    package.mkdir(parents=True)
    (package / "ogp_curriculum.po").write_text(PO, encoding="utf-8")
    (root / "data" / "quizzes").mkdir(parents=True)
    (root / "data" / "quizzes" / "q.yml").write_text("id: q\n", encoding="utf-8")
    (root / "data" / "i18n" / "fr" / "quizzes").mkdir(parents=True)
    (root / "data" / "i18n" / "fr" / "quizzes" / "q.yml").write_text("id: q\n", encoding="utf-8")
    rows = {(row.language, row.layer): row.coverage for row in status_rows(root)}
    assert rows[("fr", "package strings")] == Coverage(5, 3, 1)
    assert rows[("fr", "trainer YAML")] == Coverage(1, 1, 0)
    assert ("es", "trainer YAML") not in rows
