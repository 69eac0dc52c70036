"""Hostile text pushed through every OUTPUT entry point: pages, reports, CSV, links, paths.

Each case is one test. An error case asserts exit code 2, one line on stderr, no traceback,
the file and the field named, and nothing written or left behind. A case that must succeed
asserts that what was written is inert: no tag, event handler, link or formula comes from
the hostile text, and nothing else is written.
"""

from __future__ import annotations

import csv
import io
import json
import os
import stat
import subprocess
import sys
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pandas as pd
import pytest
import yaml
from cli_errors import assert_one_line_error, run_cli  # tests/cli_errors.py
from markdown_it.renderer import RendererHTML
from myst_parser.config.main import MdParserConfig
from myst_parser.parsers.mdit import create_md_parser

from ogp_curriculum import outputs
from ogp_curriculum.cohorts import agenda as agenda_mod
from ogp_curriculum.cohorts import book, links, render
from ogp_curriculum.cohorts import countries as country_data
from ogp_curriculum.cohorts.definition import Cohort, Country
from ogp_curriculum.reflections.schema import empty_reflection
from ogp_curriculum.tools.power_map import PowerMap
from ogp_curriculum.tools.power_map_view import PowerMapView

pytestmark = pytest.mark.hostile

# Text a trainer or learner might type, meaning harm or not.
HOSTILE = {
    "script-tag": "<script>window.__pwned='script'</script>",
    "img-onerror": "<img src=x onerror=\"window.__pwned='img'\">",
    "attribute-breakout": "\" autofocus onfocus=\"window.__pwned='attr'\" x=\"",
    "svg-onload": "<svg onload=\"window.__pwned='svg'\"></svg>",
    "javascript-link": "[click me](javascript:window.__pwned='link')",
    "markdown-image": "![x](javascript:window.__pwned='image')",
    "autolink": "<javascript:window.__pwned='autolink'>",
    "reference-link": "[a][r]\n\n[r]: javascript:window.__pwned='ref'",
    "raw-html-block": "<details open ontoggle=\"window.__pwned='details'\">x</details>",
    "myst-role": "{raw:html}`<script>window.__pwned='role'</script>`",
    "myst-directive": "```{raw} html\n<script>window.__pwned='directive'</script>\n```",
    "math": "$\\href{javascript:alert(1)}{x}$",
    "block-syntax": "# heading\n- item\n1. item\n> quote\n| a | b |",
    "control-characters": "a\x00b\x1b[31mc\rd\x7fe\u2028f\x85g",
}
# Cells a spreadsheet would run, at the start of the cell or of any line inside it.
FORMULAS = {
    "equals": "=1+1",
    "plus": "+1+1",
    "minus": "-1+1",
    "at": "@SUM(A1)",
    "tab": "\t=1+1",
    "leading-space": " =1+1",
    "ideographic-space": "\u3000=1+1",
    "full-width-equals": "\uff1d1+1",
    "cr-then-formula": "fine\r=cmd|' /C calc'!A0",
    "newline-then-formula": "fine\n=HYPERLINK(\"http://x\")",
    "crlf-then-at": "fine\r\n@SUM(A1)",
    "vertical-tab": "fine\x0b-2+3",
    "dde": "=cmd|' /C calc'!A0",
}
_TRIGGERS = tuple("=+-@\t\r\uff1d\uff0b\uff0d\uff20")
_MD = create_md_parser(MdParserConfig(enable_extensions={"dollarmath", "colon_fence"}),
                       RendererHTML)
# A renderer that keeps javascript: links (markdown-it drops them; others may not).
_MD.validateLink = lambda url: True  # type: ignore[method-assign]


# --- what "inert" means --------------------------------------------------------------------
class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, list[tuple[str, str | None]]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.found.append((tag, attrs))


def html_problems(page: str, allowed_tags: set[str] | None = None) -> list[str]:
    """Tags and attributes that could run script, fetch something or open another page."""
    parser = _Tags()
    parser.feed(page)
    problems = []
    for tag, attrs in parser.found:
        if tag in {"script", "img", "svg", "iframe", "object", "embed", "details", "form",
                   "input", "base", "math", "video", "audio", "link", "textarea"}:
            problems.append(f"<{tag}>")
        if allowed_tags is not None and tag not in allowed_tags:
            problems.append(f"unexpected <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"autofocus", "srcdoc", "formaction"}:
                problems.append(f"{tag}[{name}]")
            target = (value or "").strip().lower()
            if name in {"href", "src", "action"} and not target.startswith(
                ("http://", "https://", "#", "./", "../")
            ) and not target.endswith((".ipynb", ".html")):
                problems.append(f"{tag}[{name}={value!r}]")
    return problems


def markdown_problems(text: str) -> list[str]:
    """Markdown (as MyST reads it) that makes links, images, raw HTML, roles or math."""
    problems = []
    for token in _MD.parse(text):
        for child in [token, *(token.children or [])]:
            if child.type in {"html_inline", "html_block", "image", "myst_role", "math_inline",
                              "math_block", "myst_directive", "fence", "colon_fence",
                              "myst_target", "myst_line_comment"}:
                problems.append(child.type)
            if child.type == "link_open":
                href = str(child.attrs.get("href", ""))
                if not (href.startswith(("https://", "http://")) or href.endswith(".ipynb")):
                    problems.append(f"link to {href!r}")
    return problems + html_problems(_MD.render(text))


def csv_problems(text: str) -> list[str]:
    """Rows of the wrong width and lines a spreadsheet would evaluate."""
    assert "\r" not in text.replace("\r\n", "\n"), "a lone CR splits a row in some programs"
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    problems = [f"row {n} has {len(r)} cells" for n, r in enumerate(rows) if len(r) != len(rows[0])]
    for row in rows:
        for cell in row:
            if [ch for ch in cell if ch != "\n" and unicodedata.category(ch) == "Cc"]:
                problems.append(f"control character in {cell[:30]!r}")
            for line in cell.split("\n"):
                if line.lstrip(" \u00a0\u3000").startswith(_TRIGGERS):
                    problems.append(f"live formula {line[:30]!r}")
    return problems


def snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(folder)): p.read_bytes() if p.is_file() else b"<dir>"
        for p in sorted(folder.rglob("*"))
    }


# --- cohorts: fixtures -----------------------------------------------------------------------
GOOD_COHORT = {
    "name": "hostile-cohort",
    "title": "Hostile cohort",
    "countries": ["Philippines"],
    "language": "en",
    "include": ["01_welcome"],
    "facilitator": {"name": "A. Trainer (fictional)", "email": "a@example.org"},
}


@pytest.fixture
def standin_irm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(country_data, "resolve_country", lambda n: "PHL")
    monkeypatch.setattr(country_data, "countries_in_data", lambda: frozenset({"PHL"}))


def write_cohort(folder: Path, **changes: object) -> Path:
    path = folder / "cohort.yml"
    path.write_text(yaml.safe_dump({**GOOD_COHORT, **changes}), encoding="utf-8")
    return path


def cohort_of(text: str) -> Cohort:
    return Cohort(
        path=Path("cohort.yml"),
        name="hostile",
        title=text,
        countries=(Country(given=text, iso3="XXX", has_data=False),),
        language="en",
        pages=("modules/01_welcome",),
        facilitator={"name": text, "email": text, "organisation": text},
        reflection_prompts=(text,),
    )


# --- cohorts: addresses that must be refused -------------------------------------------------
BAD_URLS = {
    "javascript": "javascript:window.__pwned='url'",
    "javascript-mixed-case": "JaVaScRiPt:alert(1)",
    "javascript-leading-space": "  javascript:alert(1)",
    "data": "data:text/html,<script>alert(1)</script>",
    "vbscript": "vbscript:msgbox(1)",
    "quote-breakout": "https://hub.example.org\" onmouseover=\"alert(1)",
    "angle-brackets": "https://hub.example.org/<script>alert(1)</script>",
    "newline": "https://hub.example.org/\nalert(1)",
    "no-scheme": "//hub.example.org",
    "ftp": "ftp://hub.example.org",
    "no-host": "https:///path",
}


@pytest.mark.parametrize("case", sorted(BAD_URLS))
@pytest.mark.parametrize("key", ["jupyterhub_url", "binderhub_url", "repository_url"])
def test_cohort_check_refuses_an_unsafe_address(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None, key: str, case: str
) -> None:
    cohort = write_cohort(tmp_path, learner_access={key: BAD_URLS[case]})
    before = snapshot(tmp_path)
    code, out, err = run_cli(capsys, "cohort", "check", str(cohort), "--out", str(tmp_path / "p"))
    assert_one_line_error(code, out, err, str(cohort), f"learner_access.{key}")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("command", ["links", "build"])
@pytest.mark.parametrize("case", ["javascript", "data", "quote-breakout"])
def test_cohort_links_and_build_refuse_an_unsafe_hub(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None, command: str,
    case: str,
) -> None:
    cohort = write_cohort(tmp_path, learner_access={"jupyterhub_url": BAD_URLS[case]})
    before = snapshot(tmp_path)
    args = [str(cohort)] + (["--out", str(tmp_path / "packs")] if command == "build" else [])
    code, out, err = run_cli(capsys, "cohort", command, *args)
    assert_one_line_error(code, out, err, str(cohort), "learner_access.jupyterhub_url")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("branch", ["main\"><script>alert(1)</script>", "../../etc", "-x"])
def test_cohort_links_refuse_a_branch_that_is_not_a_name(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None, branch: str
) -> None:
    cohort = write_cohort(tmp_path, learner_access={"branch": branch})
    code, out, err = run_cli(capsys, "cohort", "links", str(cohort))
    assert_one_line_error(code, out, err, str(cohort), "learner_access.branch")


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_cohort_links_print_hostile_titles_as_inert_markdown(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None, case: str
) -> None:
    title = HOSTILE[case].replace("\n", " ")[:120]
    cohort = write_cohort(
        tmp_path, title=title, learner_access={"jupyterhub_url": "https://hub.example.org"}
    )
    before = snapshot(tmp_path)
    code, out, err = run_cli(capsys, "cohort", "links", str(cohort))
    assert code == 0, err
    assert markdown_problems(out) == []
    assert "hub.example.org/hub/user-redirect/git-pull?" in out
    assert snapshot(tmp_path) == before


# --- cohorts: the pages they generate ------------------------------------------------------
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_agenda_page_is_inert_markdown(case: str) -> None:
    text = HOSTILE[case]
    schedule = agenda_mod.plan({"variant": "90-minute"}, [("modules/01_welcome", text, 20)])
    page = render.agenda_markdown(cohort_of(text), schedule)
    assert markdown_problems(page) == []
    assert "](modules/01_welcome.ipynb)" in page  # the agenda's own link survives


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_handout_is_inert_html_with_a_no_script_policy(case: str) -> None:
    text = HOSTILE[case]
    schedule = agenda_mod.plan({"variant": "90-minute"}, [("modules/01_welcome", text, 20)])
    profile = pd.DataFrame({"measure": [text], "value": [1]})
    page = render.handout_html(cohort_of(text), schedule, {"XXX": profile}, [text], [text])
    assert html_problems(page) == []
    assert outputs.csp_meta(outputs.STATIC_PAGE_CSP) in page
    assert page.index("Content-Security-Policy") < page.index("<title>")


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_cohort_book_config_is_safe_yaml_with_an_inert_title(tmp_path: Path, case: str) -> None:
    (tmp_path / "main").mkdir()
    (tmp_path / "main" / "_config.yml").write_text("title: Main\n", encoding="utf-8")
    access = {
        "repository_url": "https://github.com/example/repo",
        "branch": "main",
        "jupyterhub_url": "https://hub.example.org",
        "binderhub_url": "https://mybinder.org",
    }
    book.write_config(tmp_path, title=HOSTILE[case], language="en", access=access,
                      book_root=tmp_path / "main", chapters=["modules/01_welcome"], reference=[])
    config = yaml.safe_load((tmp_path / "_config.yml").read_text(encoding="utf-8"))
    assert set(config) >= {"title", "launch_buttons", "repository", "sphinx"}
    assert not set(config["title"]) & set("<>\"'`\r\n\x00")
    assert config["launch_buttons"]["jupyterhub_url"] == "https://hub.example.org"


def test_cohort_book_config_refuses_an_unsafe_address(tmp_path: Path) -> None:
    (tmp_path / "main").mkdir()
    (tmp_path / "main" / "_config.yml").write_text("title: Main\n", encoding="utf-8")
    access = {"repository_url": "https://github.com/example/repo", "branch": "main",
              "jupyterhub_url": BAD_URLS["javascript"], "binderhub_url": "https://mybinder.org"}
    with pytest.raises(ValueError, match="jupyterhub_url"):
        book.write_config(tmp_path, title="t", language="en", access=access,
                          book_root=tmp_path / "main", chapters=[], reference=[])
    assert not (tmp_path / "_config.yml").exists()


def test_links_markdown_of_hostile_links_is_inert() -> None:
    link = links.LearnerLink("modules/01_welcome", HOSTILE["javascript-link"],
                             "https://hub.example.org/x", "https://mybinder.org/y")
    assert markdown_problems(links.links_markdown(cohort_of(HOSTILE["script-tag"]), [link])) == []


# --- output paths ----------------------------------------------------------------------------
def _a_file(tmp_path: Path) -> Path:
    path = tmp_path / "taken"
    path.write_text("a file the trainer cares about\n", encoding="utf-8")
    return path


OUT_PATHS = {
    "a-file": lambda tmp: _a_file(tmp),
    "a-file's-child": lambda tmp: _a_file(tmp) / "reports",
    "a-file's-grandchild": lambda tmp: _a_file(tmp) / "a" / "b",
}


@pytest.mark.parametrize("where", sorted(OUT_PATHS))
def test_irm_derive_refuses_an_output_path_under_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    out = OUT_PATHS[where](tmp_path)
    before = snapshot(tmp_path)
    code, stdout, err = run_cli(capsys, "irm", "derive", "--out", str(out))
    assert_one_line_error(code, stdout, err, str(out), "a file, not a folder")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("where", sorted(OUT_PATHS))
def test_reflections_report_refuses_an_output_path_under_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    folder = hand_ins(tmp_path / "in", "plain")
    out = OUT_PATHS[where](tmp_path)
    before = snapshot(tmp_path)
    code, stdout, err = run_cli(capsys, "reflections", "report", str(folder), "--out", str(out))
    assert_one_line_error(code, stdout, err, str(out), "a file, not a folder")
    assert snapshot(tmp_path) == before


@pytest.mark.parametrize("where", sorted(OUT_PATHS))
def test_cohort_build_refuses_an_output_path_under_a_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None, where: str
) -> None:
    cohort = write_cohort(tmp_path)
    out = OUT_PATHS[where](tmp_path)
    before = snapshot(tmp_path)
    for command in ("check", "build"):
        code, stdout, err = run_cli(capsys, "cohort", command, str(cohort), "--out", str(out))
        assert_one_line_error(code, stdout, err, str(out), "a file, not a folder")
    assert snapshot(tmp_path) == before


def test_cohort_build_refuses_a_file_where_the_pack_goes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], standin_irm: None
) -> None:
    cohort = write_cohort(tmp_path)
    (tmp_path / "packs").mkdir()
    (tmp_path / "packs" / GOOD_COHORT["name"]).write_text("not a pack", encoding="utf-8")
    before = snapshot(tmp_path)
    code, stdout, err = run_cli(capsys, "cohort", "build", str(cohort), "--out",
                            str(tmp_path / "packs"))
    assert_one_line_error(code, stdout, err, str(tmp_path / "packs" / GOOD_COHORT["name"]))
    assert snapshot(tmp_path) == before


# --- reflections reports -----------------------------------------------------------------
def hand_ins(folder: Path, text: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    document = empty_reflection(f"Group {text}"[:120])
    document["countries"] = [text[:100] or "x"]
    document["prompts"] = {key: text for key in document["prompts"]}
    document["challenges"]["other"] = text
    document["priority_votes"] = [{"suggestion": text[:1000] or "x", "votes": 1}]
    (folder / "group.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


REPORT_HTML_TAGS = {"html", "head", "meta", "title", "style", "body", "main", "h1", "h2", "h3",
                    "p", "strong", "blockquote", "table", "caption", "thead", "tbody", "tr",
                    "th", "td", "span"}


def _report(tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str) -> dict[str, str]:
    folder = hand_ins(tmp_path / "in", text)
    out = tmp_path / "out"
    code, stdout, err = run_cli(capsys, "reflections", "report", str(folder), "--out", str(out),
                            f"--title={text}")
    assert code == 0, err
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(["reflections_report.md", "reflections_report.html",
                            "reflections_answers.csv"])  # nothing else, no staging left
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]
    return {p.suffix: p.read_text(encoding="utf-8") for p in out.iterdir()}


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_reflections_report_is_inert(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    files = _report(tmp_path, capsys, HOSTILE[case])
    assert markdown_problems(files[".md"]) == []
    assert html_problems(files[".html"], REPORT_HTML_TAGS) == []
    assert outputs.csp_meta(outputs.STATIC_PAGE_CSP) in files[".html"]
    assert csv_problems(files[".csv"]) == []


@pytest.mark.parametrize("case", sorted(FORMULAS))
def test_reflections_csv_has_no_live_formula_and_full_rows(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    files = _report(tmp_path, capsys, FORMULAS[case])
    assert csv_problems(files[".csv"]) == []
    rows = list(csv.reader(io.StringIO(files[".csv"].lstrip("\ufeff"), newline="")))
    assert any(FORMULAS[case].strip()[-3:] in cell for row in rows for cell in row)  # kept


def test_a_huge_answer_makes_a_bounded_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 3 MB in one answer (the schema's own limit skips it; the skip reason must stay short).
    files = _report(tmp_path, capsys, "x" * 3_000_000)
    assert all(len(text) < 200_000 for text in files.values()), {
        k: len(v) for k, v in files.items()
    }


@pytest.mark.parametrize("size", [19_000, 20_000])
def test_a_long_valid_answer_is_cut_in_the_report(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], size: int
) -> None:
    files = _report(tmp_path, capsys, "y" * size)
    assert "more characters not shown" in files[".md"]
    assert all(len(text) < 200_000 for text in files.values())


# --- widgets and the learner's own exports --------------------------------------------------
@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_power_map_widget_html_is_inert(case: str) -> None:
    text = " ".join(HOSTILE[case].split())[:200]
    power_map = PowerMap()
    power_map.add(text or "x", 5, 2, text)
    view = PowerMapView(power_map)
    allowed = {"table", "tr", "th", "td", "p", "b", "i"}
    assert html_problems(view.table.value, allowed) == []
    assert html_problems(view.prompts.value, allowed) == []


@pytest.mark.parametrize("case", sorted(FORMULAS))
def test_power_map_csv_has_no_live_formula_and_reads_back(case: str) -> None:
    text = " ".join(FORMULAS[case].split())[:200]
    power_map = PowerMap()
    power_map.add(text, 5, 2, text)
    exported = power_map.to_csv()
    assert csv_problems(exported) == []


# --- the layer itself ------------------------------------------------------------------------
@pytest.mark.parametrize(
    "case", ["script-tag", "img-onerror", "javascript-link", "markdown-image", "autolink",
             "reference-link", "raw-html-block", "myst-role", "myst-directive", "math"]
)
def test_the_markdown_check_catches_the_raw_payload(case: str) -> None:
    # Control: unescaped, each payload is caught, so the checks above can fail.
    assert markdown_problems(HOSTILE[case]) != []


@pytest.mark.parametrize("case", ["script-tag", "img-onerror", "svg-onload", "raw-html-block"])
def test_the_html_check_catches_the_raw_payload(case: str) -> None:
    assert html_problems(f"<p>{HOSTILE[case]}</p>") != []


@pytest.mark.parametrize("case", sorted(FORMULAS))
def test_the_csv_check_catches_the_raw_formula(case: str) -> None:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow([FORMULAS[case].replace("\r", "\n")])
    assert csv_problems(buffer.getvalue()) != []


@pytest.mark.parametrize("case", sorted(FORMULAS))
def test_csv_cell_neutralises_every_line(case: str) -> None:
    assert csv_problems(outputs.csv_text(["answer", "n"], [[FORMULAS[case], 1]])) == []


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_md_inline_and_md_block_are_inert(case: str) -> None:
    assert markdown_problems(outputs.md_inline(HOSTILE[case])) == []
    assert markdown_problems(outputs.md_block(HOSTILE[case])) == []


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_html_text_is_inert_in_text_and_attributes(case: str) -> None:
    value = outputs.html_text(HOSTILE[case])
    assert html_problems(f'<p title="{value}">{value}</p>', {"p"}) == []


# --- file modes and temporary folders ------------------------------------------------------
@pytest.mark.parametrize(("umask", "expected"), [(0o077, 0o640), (0o027, 0o640), (0o022, 0o644)])
def test_hand_ins_are_group_readable_and_respect_the_umask(
    tmp_path: Path, umask: int, expected: int
) -> None:
    from ogp_curriculum.reflections import storage

    old = os.umask(umask)
    try:
        saved = storage.save_reflection(tmp_path, empty_reflection("Group A"))
        added = storage.add_files(tmp_path / "plenary", [("upload.json", b"{}")])
    finally:
        os.umask(old)
    for path in (saved.path, saved.version_path, added[0].path):
        assert path is not None and stat.S_IMODE(path.stat().st_mode) == expected, path


def test_reports_get_the_umask_mode_not_0600(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old = os.umask(0o022)
    try:
        _report(tmp_path, capsys, "plain")
    finally:
        os.umask(old)
    for path in (tmp_path / "out").iterdir():
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert stat.S_IMODE((tmp_path / "out").stat().st_mode) == 0o755


@pytest.mark.slow  # starts fresh Python processes (exit handlers; not in test-fast)
def test_the_plenary_leaves_no_temporary_folder_behind(tmp_path: Path) -> None:
    script = (
        "from ogp_curriculum.reflections.export import report_folder\n"
        "from ogp_curriculum.reflections.synthesis import working_folder\n"
        "folder = working_folder('')\n"
        "assert any(folder.iterdir())\n"
        "print(folder)\n"
        "print(report_folder(''))\n"
    )
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          env=env, check=False, timeout=120)
    assert done.returncode == 0, done.stderr
    folders = [Path(line) for line in done.stdout.split()]
    assert len(folders) == 2
    assert all(folder.parent == tmp_path and not folder.exists() for folder in folders)
    assert list(tmp_path.iterdir()) == []


def test_adding_hand_ins_that_fail_speaks_to_the_trainer(tmp_path: Path) -> None:
    from ogp_curriculum.errors import InputError
    from ogp_curriculum.reflections import storage

    blocker = _a_file(tmp_path)
    with pytest.raises(InputError) as caught:
        storage.add_files(blocker / "plenary", [("group.json", b"{}")])
    message = str(caught.value)
    assert "\n" not in message and str(blocker / "plenary") in message
    assert "in the form" not in message and "add the files again" in message


@pytest.mark.slow  # starts fresh Python processes (exit handlers; not in test-fast)
def test_a_killed_plenary_kernel_leaves_nothing_after_the_next_run(tmp_path: Path) -> None:
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    make = (
        "from ogp_curriculum.reflections.export import report_folder\n"
        "from ogp_curriculum.reflections.synthesis import working_folder\n"
        "working_folder(''); report_folder('')\n"
    )
    # os._exit: like a kernel that is killed, no exit handler runs.
    killed = subprocess.run([sys.executable, "-c", make + "import os; os._exit(0)\n"],
                            env=env, check=False, timeout=120)
    assert killed.returncode == 0 and len(list(tmp_path.iterdir())) == 2
    done = subprocess.run([sys.executable, "-c", make], env=env, check=False, timeout=120)
    assert done.returncode == 0
    assert list(tmp_path.iterdir()) == []
