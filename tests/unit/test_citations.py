"""Citations in the live form: one converter, both directions, and every notebook in it."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from ogp_curriculum.citations import (
    CitationError,
    citation_text,
    convert_notebook,
    default_bibfile,
    load_citations,
    notebook_roles_left,
    notebook_stale_links,
    roles_left,
    stale_links,
    to_live,
    to_roles,
)
from ogp_curriculum.citations.cli import authored_notebooks
from ogp_curriculum.citations.sphinx_roles import notebook_with_roles
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
        "A {term}`term` and {glue:text}`m02_rows`.\n"
    )
    assert to_live(text, cites) == text
    assert to_roles(text) == text
    assert roles_left(text) == []


def test_an_unknown_key_or_role_kind_is_refused(cites: dict[str, tuple[str, str]]) -> None:
    with pytest.raises(KeyError, match="no_such_key"):
        to_live("{cite:p}`solo_2016,no_such_key`", cites)
    with pytest.raises(ValueError, match="cite:ps"):
        to_live("{cite:ps}`solo_2016`", cites)


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


def test_the_command_rewrites_and_checks(tmp_path: Path) -> None:
    bib = tmp_path / "refs.bib"
    bib.write_text(BIB, encoding="utf-8")
    path = _notebook(tmp_path / "n.ipynb", _markdown("See {cite}`solo_2016`."))
    command = [sys.executable, "-m", "ogp_curriculum", "citations", "live", "--bib", str(bib)]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*command, *args], capture_output=True, text=True, timeout=120)

    check = run("--check", str(path))
    assert check.returncode == 1, check.stdout + check.stderr
    done = run(str(path))
    assert done.returncode == 0, done.stderr
    assert "[(Arias 2016)](#cite:solo_2016)" in path.read_text(encoding="utf-8")
    again = run("--check", str(path))
    assert again.returncode == 0, again.stdout
    bad = _notebook(tmp_path / "bad.ipynb", _markdown("See {cite}`no_such_key_at_all`."))
    refused = run(str(bad))
    assert refused.returncode == 2
    assert "no_such_key_at_all" in refused.stderr and "Traceback" not in refused.stderr
    absent = run(str(tmp_path / "absent.ipynb"))
    assert absent.returncode == 2 and "absent.ipynb: no such notebook" in absent.stderr


# --- the committed notebooks --------------------------------------------------------------

LIVE_NOTEBOOKS = authored_notebooks(ROOT) + sorted((ROOT / TRANSLATIONS_DIR).glob("*/*/*.ipynb"))


def _ids(path: Path) -> str:
    return path.relative_to(ROOT).with_suffix("").as_posix()


@pytest.mark.parametrize("notebook", LIVE_NOTEBOOKS, ids=_ids)
def test_no_notebook_writes_a_citation_as_a_role(notebook: Path) -> None:
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
