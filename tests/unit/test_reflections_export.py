"""The shareable reports: complete, standalone, and learner text always inert."""

from __future__ import annotations

import io
import json
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest

from ogp_curriculum import files
from ogp_curriculum.cli import main
from ogp_curriculum.errors import InputError
from ogp_curriculum.reflections.export import (
    REPORT_NAMES,
    Report,
    csv_cell,
    md_text,
    to_csv,
    to_html,
    to_markdown,
    write_reports,
)
from ogp_curriculum.reflections.schema import empty_reflection, load_options
from ogp_curriculum.reflections.synthesis import demo_folder, read_folder

OPTIONS = load_options()
SCRIPT = "<script>window.__pwned=1;document.title='pwned'</script>"
IMG = "<img src=x onerror=\"window.__pwned=2;document.title='pwned'\">"
FORMULA = '=HYPERLINK("http://example.invalid","click")'


def hostile(folder: Path) -> Path:
    d = empty_reflection(f"Group {SCRIPT}")
    d["countries"] = [IMG]
    d["prompts"]["resonance"] = f"{SCRIPT} and {IMG}"
    d["prompts"]["challenges_and_politics"] = FORMULA
    d["challenges"]["other"] = "[click](javascript:alert(1)) **bold** <b>x</b>"
    d["priority_votes"] = [{"suggestion": IMG, "votes": 2}]
    (folder / "hostile.json").write_text(json.dumps(d), encoding="utf-8")
    return folder


class Tags(HTMLParser):
    """Every element and attribute name a browser would see."""

    def __init__(self) -> None:
        super().__init__()
        self.names: set[str] = set()
        self.attributes: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.names.add(tag)
        self.attributes |= {name for name, _value in attrs}


@pytest.fixture
def report(tmp_path: Path) -> Report:
    return Report.build(read_folder(hostile(tmp_path)), OPTIONS, title="Cohort <b>X</b>")


def test_html_report_escapes_every_learner_text(report: Report) -> None:
    page = to_html(report)
    assert "<script" not in page.lower()
    assert "<img" not in page.lower()
    assert "onerror=" not in page.replace("onerror=&quot;", "")
    assert "&lt;script&gt;window.__pwned=1" in page
    assert "&lt;img src=x onerror=&quot;window.__pwned=2" in page
    assert "<title>Cohort &lt;b&gt;X&lt;/b&gt;</title>" in page


def test_html_report_is_standalone(report: Report) -> None:
    page = to_html(report)
    tags = Tags()
    tags.feed(page)
    # Only plain document elements; no attribute that fetches or runs anything.
    assert tags.names <= {
        "html",
        "head",
        "meta",
        "title",
        "style",
        "body",
        "main",
        "h1",
        "h2",
        "h3",
        "p",
        "strong",
        "blockquote",
        "table",
        "caption",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
        "span",
    }
    fetching = {"src", "href", "srcset", "action", "formaction", "data", "poster"}
    assert not [a for a in tags.attributes if a in fetching or a.startswith("on")]
    assert "url(" not in page and "@import" not in page
    assert "script-src 'none'" in page and "default-src 'none'" in page


def test_markdown_report_escapes_learner_text(report: Report) -> None:
    text = to_markdown(report)
    assert "<script" not in text and "<img" not in text and "<b>" not in text
    assert "&lt;script&gt;" in text
    # Brackets, parentheses and the colon backslashed: no link or autolink can form.
    assert "\\[click\\]\\(javascript\\:alert\\(1\\)\\)" in text
    assert "\\*\\*bold\\*\\*" in text


def test_md_text_and_csv_cell() -> None:
    assert md_text("a|b\nc") == "a\\|b c"
    assert md_text("<b>&") == "&lt;b&gt;&amp;"
    assert csv_cell("=1+1") == "'=1+1"
    assert csv_cell("-2") == "'-2" and csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("plain") == "plain" and csv_cell(3) == 3


def test_csv_holds_every_answer_and_no_live_formula(report: Report) -> None:
    table = pd.read_csv(io.StringIO(to_csv(report)), keep_default_na=False)
    assert (table["answer"] == "'" + FORMULA).any()
    assert not table["answer"].astype(str).str.match(r"[=+\-@]").any()
    assert (table["answer"] == f"{SCRIPT} and {IMG}").any()  # CSV keeps text verbatim
    assert (table["votes"].astype(str) == "2").sum() == 1


def test_the_demo_report_has_every_answer() -> None:
    cohort = read_folder(demo_folder())
    report = Report.build(cohort, OPTIONS, title="Demo")
    csv = pd.read_csv(io.StringIO(to_csv(report)), keep_default_na=False)
    for sub in cohort.submissions:
        doc = sub.document
        mine = csv[csv["submission"] == sub.label]
        for text in doc["prompts"].values():
            assert (mine["answer"] == text).any()
        for vote in doc["priority_votes"]:
            assert (mine["answer"] == vote["suggestion"]).any()
        picks = sum(
            len(doc[n]["selected"]) + bool(doc[n]["other"])
            for n in ("challenges", "twp_approaches", "support")
        )
        assert len(mine) == 3 + picks + len(doc["priority_votes"])
    page = to_html(report)
    assert "fictional sample reflections" in page
    assert "Handed in more than once" in page and "Capital group (fictional)" in page
    assert "README.md" in page  # the skipped file is reported in the report too


def test_write_reports_into_the_trainers_folder(report: Report, tmp_path: Path) -> None:
    out = tmp_path / "exports" / "cohort-x"
    paths = write_reports(report, out)
    assert {p.name for p in paths.values()} == set(REPORT_NAMES.values())
    assert paths["csv"].read_bytes().startswith(b"\xef\xbb\xbf")  # spreadsheet-friendly UTF-8
    assert sorted(p.name for p in out.iterdir()) == sorted(REPORT_NAMES.values())


def test_write_reports_disk_error_is_clear(report: Report, tmp_path: Path, monkeypatch) -> None:
    def denied(*_args, **_kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(files.tempfile, "mkstemp", denied)
    with pytest.raises(InputError, match="read-only or you lack permission") as caught:
        write_reports(report, tmp_path / "out")
    # Spoken to the trainer who ran the report, not in the learner form's words.
    assert "in the form" not in str(caught.value) and "output folder" in str(caught.value)
    # No half-written folder, no staging folder left beside it.
    assert not (tmp_path / "out").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_cli_validate_report_and_options(tmp_path: Path, capsys) -> None:
    assert main(["reflections", "validate", str(demo_folder())]) == 0
    out = capsys.readouterr().out
    assert "skipped  README.md: not-json" in out and "6 usable, 1 skipped" in out

    broken = tmp_path / "in"
    broken.mkdir()
    (broken / "bad.json").write_text("{", encoding="utf-8")
    assert main(["reflections", "validate", str(broken)]) == 1
    assert "skipped  bad.json: malformed" in capsys.readouterr().out

    assert main(["reflections", "report", str(demo_folder()), "--out", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / REPORT_NAMES["html"]).exists()

    assert main(["reflections", "validate", str(tmp_path / "nowhere")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "no such folder" in err and "Traceback" not in err

    assert main(["reflections", "options"]) == 0
    assert capsys.readouterr().out.startswith("ok: ")
    (tmp_path / "o.yaml").write_text("schema_version: 1\n", encoding="utf-8")
    assert main(["reflections", "options", str(tmp_path / "o.yaml")]) == 2
    assert "o.yaml" in capsys.readouterr().err
