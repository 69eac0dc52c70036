"""MyST markup becomes plain Markdown for Voila; every notebook is left with none."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
import pytest

from ogp_curriculum.book import toc_notebooks
from ogp_curriculum.citations import bib_key_pattern
from ogp_curriculum.live import (
    myst_to_markdown,
    notebook_title,
    unlink_book_pages,
    voila_prelaunch_hook,
)

# What a learner must never see: a role's braces-and-backticks or a directive's fence.
RAW_MYST = re.compile(r"\{[\w:-]+\}`|^(`{3,}|:{3,})\{", re.MULTILINE)

BIB = """
@misc{solo_2016, author = {Arias, Ana}, title = {T}, year = {2016}}
@misc{pair_2019, author = {Lee, Bo and Kim, Cy}, title = {T}, year = {2019}}
@misc{org_2024, author = {{Open Government Partnership}}, title = {T}, year = {2024}}
@misc{many_2020, author = {A, X and B, Y and C, Z}, title = {T}, year = {2020}}
"""


@pytest.fixture
def bib(tmp_path: Path) -> Path:
    path = tmp_path / "refs.bib"
    path.write_text(BIB, encoding="utf-8")
    return path


def test_citations_become_author_year(bib: Path) -> None:
    text = "As {cite}`solo_2016` and {cite:p}`pair_2019,org_2024` say; {cite:t}`many_2020`."
    assert myst_to_markdown(text, bib) == (
        "As (Arias 2016) and (Lee and Kim 2019; Open Government Partnership 2024) say; "
        "A et al. (2020)."
    )


def test_an_unknown_key_is_still_readable(bib: Path) -> None:
    assert myst_to_markdown("{cite}`no_such_key`", bib) == "(no such key)"


def test_terms_and_other_roles_keep_their_text(bib: Path) -> None:
    text = "An {term}`IRM` report on an {term}`action plan <Action plan>`, see {ref}`intro`."
    assert myst_to_markdown(text, bib) == "An IRM report on an action plan, see intro."


def test_directives_become_block_quotes(bib: Path) -> None:
    text = (
        "Before\n\n```{note}\nShared but not adapted.\n```\n\n"
        ":::{admonition} Why\n:class: tip\nBecause.\n:::"
    )
    out = myst_to_markdown(text, bib)
    assert "> **Note**\n>\n> Shared but not adapted." in out
    assert "> **Why**" in out and "> Because." in out and ":class:" not in out
    assert not RAW_MYST.search(out)


def test_live_citation_links_become_their_text(bib: Path) -> None:
    text = "As [(Arias 2016)](#cite:solo_2016) and [A et al. (2020)](#cite:t:many_2020) say."
    assert myst_to_markdown(text, bib) == "As (Arias 2016) and A et al. (2020) say."
    # Escaped Markdown in the text stays escaped: Voila renders it as the characters.
    assert myst_to_markdown(r"[(Under\_score 2001)](#cite:odd)", bib) == r"(Under\_score 2001)"


def test_live_glue_links_become_their_text(bib: Path) -> None:
    # Voila rewrites the Markdown before the kernel glues the figure: the text, no dead link.
    text = "Over [figure from the data](#glue:m02_rows) rows ([cifra](#glue:m02_share:.1%))."
    assert myst_to_markdown(text, bib) == "Over figure from the data rows (cifra)."


BIB_KEY = bib_key_pattern()


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.stem)
def test_voila_shows_no_raw_myst_and_a_real_title(notebook: Path) -> None:
    nb = voila_prelaunch_hook(None, nbformat.read(notebook, as_version=4), str(notebook.parent))
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    assert not RAW_MYST.search(markdown), RAW_MYST.search(markdown)
    assert not BIB_KEY.search(markdown), BIB_KEY.search(markdown)
    assert "](#cite:" not in markdown  # a citation is text, not a link that goes nowhere
    assert nb.metadata["title"] == notebook_title(nb) != ""
    assert not nb.metadata["title"].endswith(".ipynb")


def test_links_to_book_pages_become_text_and_notebook_links_stay() -> None:
    text = (
        "See [writing scenarios](../trainers/writing_scenarios.md#fields), "
        "[the module](../modules/03_x.ipynb) and [OGP](https://www.opengovpartnership.org/a.md)."
    )
    assert unlink_book_pages(text) == (
        "See *writing scenarios* (a page of the book), "
        "[the module](../modules/03_x.ipynb) and [OGP](https://www.opengovpartnership.org/a.md)."
    )


_LINK = re.compile(r"\]\((?P<target>(?![a-z]+:|/|#)[^)\s]+)\)")


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=lambda p: p.stem)
def test_every_relative_link_voila_shows_points_at_a_file(notebook: Path) -> None:
    # What the browser test checks by fetching, for the notebooks it does not render.
    nb = voila_prelaunch_hook(None, nbformat.read(notebook, as_version=4), str(notebook.parent))
    markdown = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
    for match in _LINK.finditer(markdown):
        target = (notebook.parent / match.group("target").split("#")[0]).resolve()
        assert target.is_file(), f"{notebook.name} links to {match.group('target')}: no such file"
