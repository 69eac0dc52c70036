"""Citations in the live form: one converter, both directions, and every notebook in it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ogp_curriculum.citations import (
    GLUE_LINK_TEXT,
    GLUE_LIVE,
    CitationError,
    citation_text,
    convert_notebook,
    default_bibfile,
    glue_link_text,
    load_citations,
    markdown_cells,
    notebook_roles_left,
    notebook_stale_links,
    roles_left,
    stale_links,
    to_live,
    to_roles,
)
from ogp_curriculum.citations.cli import authored_notebooks
from ogp_curriculum.citations.sphinx_roles import notebook_with_roles
from ogp_curriculum.cli import main as cli_main
from ogp_curriculum.i18n.notebooks import TRANSLATIONS_DIR
from ogp_curriculum.paths import repo_root

ROOT = repo_root()
BIB = r"""
@misc{solo_2016, author = {Arias, Ana}, title = {T}, year = {2016}}
@misc{pair_2019, author = {Lee, Bo and Kim, Cy}, title = {T}, year = {2019}}
@misc{org_2024, author = {{Open Government Partnership}}, title = {T}, year = {2024}}
@misc{many_2020, author = {A, X and B, Y and C, Z}, title = {T}, year = {2020}}
@misc{accent_2014, author = {{La Naci{\'o}n}}, title = {T}, year = {2014}}
@misc{odd_2001, author = {{Under_score [Group]}}, title = {T}, year = {2001}}
@misc{undated, title = {A Title}}
"""


@pytest.fixture
def cites(tmp_path: Path) -> dict[str, tuple[str, str]]:
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    return load_citations(path)


def test_each_role_kind_has_its_live_form(cites: dict[str, tuple[str, str]]) -> None:
    text = "As {cite}`solo_2016` and {cite:p}`pair_2019,org_2024` say; {cite:t}`many_2020`."
    assert to_live(text, cites) == (
        "As [(Arias 2016)](#cite:solo_2016) and "
        "[(Lee and Kim 2019; Open Government Partnership 2024)](#cite:p:pair_2019,org_2024) "
        "say; [A et al. (2020)](#cite:t:many_2020)."
    )


def test_the_text_is_the_bibliographys_plain_text(cites: dict[str, tuple[str, str]]) -> None:
    assert citation_text("", ["accent_2014"], cites) == "(La Nación 2014)"
    assert citation_text("t", ["undated"], cites) == "A Title (n.d.)"
    # Markdown's own characters in a name are escaped, so the link stays one link.
    assert to_live("{cite}`odd_2001`", cites) == r"[(Under\_score \[Group\] 2001)](#cite:odd_2001)"
    assert to_roles(to_live("{cite}`odd_2001`", cites)) == "{cite}`odd_2001`"


@pytest.mark.parametrize(
    "text",
    [
        "{cite}`solo_2016`",
        "{cite:p}`solo_2016`",
        "{cite:t}`pair_2019,many_2020`",
        "One {cite}`solo_2016`, two {cite:p}`org_2024,accent_2014`.\n\n- {cite:t}`undated`\n",
        "| a | b |\n|---|---|\n| {cite}`solo_2016` | {cite:t}`pair_2019` |\n",
        "```{note}\nIn a note {cite}`solo_2016`.\n```\n\n:::{tip}\n{cite:t}`many_2020`\n:::\n",
    ],
)
def test_role_to_live_to_role_is_identity(text: str, cites: dict[str, tuple[str, str]]) -> None:
    live = to_live(text, cites)
    assert "{cite" not in live
    assert to_roles(live) == text
    assert to_live(live, cites) == live  # running the command twice changes nothing


def test_code_and_other_links_are_left_alone(cites: dict[str, tuple[str, str]]) -> None:
    text = (
        "Write `` {cite}`solo_2016` `` or `[(A 1)](#cite:solo_2016)` in code.\n"
        "```python\nx = '{cite}`solo_2016`'\n```\n"
        "```{code-block} md\n{cite:t}`solo_2016`\n```\n"
        "See [the module](03_twp.ipynb), [a part](#part) and [OGP](https://ogp.org/#cite:x).\n"
        "A {term}`term` and `` {glue:text}`m02_rows` `` in code.\n"
        "```python\nglue('{glue:text}`m02_rows`')\n```\n"
        "A [link](#glue-section) and a [page](https://example.org/#glue:m02_rows).\n"
    )
    assert to_live(text, cites) == text
    assert to_roles(text) == text
    assert roles_left(text) == []


def test_an_unknown_key_or_role_kind_is_refused(cites: dict[str, tuple[str, str]]) -> None:
    with pytest.raises(KeyError, match="no_such_key"):
        to_live("{cite:p}`solo_2016,no_such_key`", cites)
    with pytest.raises(ValueError, match="cite:ps"):
        to_live("{cite:ps}`solo_2016`", cites)


# --- glued figures --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "{glue:text}`m02_rows`",
        "Over {glue:text}`m02_rows` rows, {glue:text}`m02_share:.1%` of them.\n",
        "Formats {glue:text}`a.b-c_1:,.0f` and {glue:text}`k:>10` stay.",
        "| n | share |\n|---|---|\n| {glue:text}`n` | {glue:text}`s` |\n",
        "```{note}\n{glue:text}`n` with {cite}`solo_2016`.\n```\n",
        "\"{glue:text}`m02_published_t` / {glue:text}`m02_published_td`\"",
    ],
)
def test_glue_role_to_live_to_role_is_identity(
    text: str, cites: dict[str, tuple[str, str]]
) -> None:
    live = to_live(text, cites, "figure from the data")
    assert "{glue" not in live
    assert to_roles(live) == text
    assert to_live(live, cites, "figure from the data") == live


def test_a_glue_link_reads_in_the_notebooks_language(cites: dict[str, tuple[str, str]]) -> None:
    text = "Over {glue:text}`m02_rows` rows, {glue:text}`m02_share:.1%` of them."
    assert to_live(text, cites, "figure from the data") == (
        "Over [figure from the data](#glue:m02_rows) rows, "
        "[figure from the data](#glue:m02_share:.1%) of them."
    )
    assert glue_link_text("en") == GLUE_LINK_TEXT
    french = glue_link_text("fr")
    assert french != GLUE_LINK_TEXT and french.strip()
    assert glue_link_text("es") not in (GLUE_LINK_TEXT, french)
    # A link already live takes the language asked for (the translations are made from English).
    english = to_live(text, cites, GLUE_LINK_TEXT)
    assert to_live(english, cites, french) == to_live(text, cites, french)
    # Markdown's own characters in the text are escaped, so the link stays one link.
    assert to_live("{glue:text}`k`", cites, "a [b]*c*") == r"[a \[b\]\*c\*](#glue:k)"
    assert to_roles(to_live("{glue:text}`k`", cites, "a [b]*c*")) == "{glue:text}`k`"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{glue}`m02_rows`", r"\{glue\}`m02_rows` has no live form \(use \{glue:text\}\)"),
        ("{glue:any}`m02_rows`", r"\{glue:any\}`m02_rows` has no live form"),
        ("{glue:md}`m02_rows`", r"\{glue:md\}`m02_rows` has no live form"),
        ("{glue:text}`two words`", r"glue role .*two words.* cannot be written in a link target"),
        ("{glue:text}`k:a(b)`", r"glue role .* cannot be written in a link target"),
    ],
)
def test_a_glue_role_with_no_live_form_is_refused(
    text: str, message: str, cites: dict[str, tuple[str, str]]
) -> None:
    with pytest.raises(ValueError, match=message):
        to_live(text, cites, "x")
    assert roles_left(text) == [text]


def test_a_bad_glue_role_names_the_notebook_and_cell(
    tmp_path: Path, cites: dict[str, tuple[str, str]]
) -> None:
    path = _notebook(tmp_path / "n.ipynb", _markdown("Intro"),
                     _markdown("See {glue:any}`m02_rows`.", "g7"))
    with pytest.raises(CitationError) as caught:
        convert_notebook(path, cites, label="n.ipynb")
    message = str(caught.value)
    assert message == ("n.ipynb: cell 1 (id g7): {glue:any}`m02_rows` has no live form "
                       "(use {glue:text})")
    assert "\n" not in message


def test_a_notebook_converts_glue_in_its_language(
    tmp_path: Path, cites: dict[str, tuple[str, str]]
) -> None:
    text = "We found {glue:text}`m02_transformative` ({cite}`solo_2016`).\n"
    path = _notebook(tmp_path / "n.ipynb", _markdown(text), _code("glue('m02_x', 1)"))
    new = convert_notebook(path, cites, language="fr")
    assert new is not None
    source = "".join(json.loads(new)["cells"][0]["source"])
    assert source == (f"We found [{glue_link_text('fr')}](#glue:m02_transformative) "
                      "([(Arias 2016)](#cite:solo_2016)).\n")
    assert notebook_roles_left(json.loads(new)) == []
    back = notebook_with_roles(new)  # what the book's Sphinx build reads
    assert back is not None
    assert "".join(json.loads(back)["cells"][0]["source"]) == text


def test_a_changed_entry_makes_the_link_stale(cites: dict[str, tuple[str, str]]) -> None:
    live = to_live("{cite}`solo_2016`", cites)
    assert stale_links(live, cites) == []
    edited = live.replace("Arias 2016", "Arias 2017")
    assert stale_links(edited, cites) == [(edited, live)]
    assert to_live(edited, cites) == live  # the command refreshes it


def _notebook(path: Path, *cells: dict[str, object]) -> Path:
    nb = {"cells": list(cells), "metadata": {}, "nbformat": 4, "nbformat_minor": 5}
    path.write_text(json.dumps(nb, indent=1) + "\n", encoding="utf-8")
    return path


def _markdown(text: str, cell_id: str = "m1") -> dict[str, object]:
    return {"cell_type": "markdown", "id": cell_id, "metadata": {},
            "source": text.splitlines(keepends=True)}


def _code(text: str) -> dict[str, object]:
    return {"cell_type": "code", "id": "c1", "metadata": {}, "execution_count": None,
            "outputs": [], "source": text}


def test_a_notebook_converts_markdown_cells_only(
    tmp_path: Path, cites: dict[str, tuple[str, str]]
) -> None:
    path = _notebook(tmp_path / "n.ipynb", _markdown("See {cite}`solo_2016`.\nNext line\n"),
                     _code("# {cite}`solo_2016`\nx = 1"))
    new = convert_notebook(path, cites)
    assert new is not None
    cells = json.loads(new)["cells"]
    assert cells[0]["source"] == ["See [(Arias 2016)](#cite:solo_2016).\n", "Next line\n"]
    assert cells[1]["source"] == "# {cite}`solo_2016`\nx = 1"
    path.write_text(new, encoding="utf-8")
    assert convert_notebook(path, cites) is None
    assert notebook_roles_left(json.loads(new)) == []
    # What the book's Sphinx build reads: the role, as written.
    back = notebook_with_roles(new)
    assert back is not None
    assert "".join(json.loads(back)["cells"][0]["source"]) == "See {cite}`solo_2016`.\nNext line\n"


def test_an_unknown_key_names_the_notebook_cell_and_key(
    tmp_path: Path, cites: dict[str, tuple[str, str]]
) -> None:
    path = _notebook(tmp_path / "n.ipynb", _markdown("Intro"),
                     _markdown("See {cite}`missing_key`.", "abc"))
    with pytest.raises(CitationError, match=r"n\.ipynb: cell 1 \(id abc\): citation key "
                                            r"'missing_key' is not in references\.bib"):
        convert_notebook(path, cites, label="n.ipynb")


def test_the_command_rewrites_and_checks(tmp_path: Path,
                                        capsys: pytest.CaptureFixture[str]) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    path = _notebook(tmp_path / "n.ipynb", _markdown("See {cite}`solo_2016`."))
    arguments = ["citations", "live", "--bib", str(bib)]

    # In this process (the CLI's own main); the test below runs a real process.
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        code = cli_main([*arguments, *args])
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    check = run("--check", str(path))
    assert check.returncode == 1, check.stdout + check.stderr
    done = run(str(path))
    assert done.returncode == 0, done.stderr
    assert "[(Arias 2016)](#cite:solo_2016)" in path.read_text(encoding="utf-8")
    again = run("--check", str(path))
    assert again.returncode == 0, again.stdout
    glued = _notebook(tmp_path / "g.ipynb", _markdown("Over {glue:text}`m02_rows` rows."))
    assert run(str(glued)).returncode == 0
    assert "[figure from the data](#glue:m02_rows)" in glued.read_text(encoding="utf-8")
    bad_glue = _notebook(tmp_path / "bg.ipynb", _markdown("{glue:math}`eq`"))
    refused_glue = run(str(bad_glue))
    assert refused_glue.returncode == 2 and "Traceback" not in refused_glue.stderr
    assert "bg.ipynb: cell 0" in refused_glue.stderr and "{glue:math}`eq`" in refused_glue.stderr
    bad = _notebook(tmp_path / "bad.ipynb", _markdown("See {cite}`no_such_key_at_all`."))
    refused = run(str(bad))
    assert refused.returncode == 2
    assert "no_such_key_at_all" in refused.stderr and "Traceback" not in refused.stderr


@pytest.mark.slow  # starts a fresh Python process (not in test-fast)
def test_the_real_command_refuses_a_missing_notebook(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    command = [sys.executable, "-m", "ogp_curriculum", "citations", "live", "--bib", str(bib),
               str(tmp_path / "absent.ipynb")]
    absent = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert absent.returncode == 2 and "absent.ipynb: no such notebook" in absent.stderr
    assert "Traceback" not in absent.stderr


# --- the committed notebooks --------------------------------------------------------------

LIVE_NOTEBOOKS = authored_notebooks(ROOT) + sorted((ROOT / TRANSLATIONS_DIR).glob("*/*/*.ipynb"))


def _ids(path: Path) -> str:
    return path.relative_to(ROOT).with_suffix("").as_posix()


@pytest.mark.parametrize("notebook", LIVE_NOTEBOOKS, ids=_ids)
def test_no_notebook_writes_a_citation_or_glue_as_a_role(notebook: Path) -> None:
    left = notebook_roles_left(json.loads(notebook.read_text(encoding="utf-8")))
    assert not left, (
        f"{_ids(notebook)}: {left[0][0].where('')} still has {left[0][1]}: run "
        "`python -m ogp_curriculum citations live` (or `i18n notebooks` for translations)"
    )


@pytest.mark.parametrize("notebook", LIVE_NOTEBOOKS, ids=_ids)
def test_every_live_citation_reads_as_the_bibliography_says(notebook: Path) -> None:
    cites = load_citations(default_bibfile())
    stale = notebook_stale_links(json.loads(notebook.read_text(encoding="utf-8")), cites)
    assert not stale, f"{_ids(notebook)}: {stale[0][0].where('')}: {stale[0][1]} should be " \
        f"{stale[0][2]} (run `python -m ogp_curriculum citations live`)"


def _language(notebook: Path) -> str:
    parts = notebook.relative_to(ROOT).parts
    return parts[1] if parts[0] == TRANSLATIONS_DIR else "en"


@pytest.mark.parametrize("notebook", LIVE_NOTEBOOKS, ids=_ids)
def test_every_glue_link_reads_in_the_notebooks_language(notebook: Path) -> None:
    expected = glue_link_text(_language(notebook))
    texts = {
        match.group("text")
        for cell in markdown_cells(json.loads(notebook.read_text(encoding="utf-8")))
        for match in GLUE_LIVE.finditer(cell.source)
    }
    assert texts <= {expected}, f"{_ids(notebook)}: glue links read {sorted(texts)}"


def test_the_glued_notebooks_carry_live_glue_links() -> None:
    glued = [nb for nb in LIVE_NOTEBOOKS if "](#glue:" in nb.read_text(encoding="utf-8")]
    assert {_ids(nb).split("/")[-1] for nb in glued} == {
        "02_critical_juncture", "irm_explorer", "post2020_indicators"}
    assert len(glued) == 9  # English, French and Spanish
