"""A translated notebook paragraph borrows its notebook's renderer, so glued figures resolve."""

from __future__ import annotations

import pickle
from types import SimpleNamespace
from typing import Any

from docutils.frontend import get_default_settings
from docutils.parsers.rst import Parser
from docutils.utils import new_document

from ogp_curriculum.i18n.sphinx_glue import after_parse, before_parse


def _document(source: str) -> Any:
    return new_document(source, get_default_settings(Parser))


def test_the_notebooks_renderer_is_lent_to_its_translated_paragraphs_only_during_parse() -> None:
    env = SimpleNamespace(temp_data={})
    renderer = object()
    notebook = _document("/book/modules/02.ipynb")
    before_parse(notebook, env)
    notebook.attributes["nb_renderer"] = renderer  # what MyST-NB does while rendering...
    notebook.attributes.pop("nb_renderer")  # ...and undoes at the end of its parse
    after_parse(notebook)
    assert type(notebook.attributes) is dict and "nb_renderer" not in notebook
    pickle.dumps(notebook)  # Sphinx pickles every doctree

    translated = _document("/book/modules/02.ipynb:12:<translated>")
    before_parse(translated, env)
    assert translated["nb_renderer"] is renderer  # the glue roles read it here
    after_parse(translated)
    assert "nb_renderer" not in translated


def test_a_new_notebook_forgets_the_previous_renderer() -> None:
    env = SimpleNamespace(temp_data={"ogp_nb_renderer": object()})
    before_parse(_document("/book/modules/03.ipynb"), env)
    translated = _document("/book/modules/03.ipynb:4:<translated>")
    before_parse(translated, env)
    assert "nb_renderer" not in translated


def test_translated_nodes_are_given_back_to_their_page() -> None:
    """Sphinx moves a translated paragraph's nodes into the page; they kept pointing at the
    paragraph's own small document, whose settings carry the build environment, so every
    translated doctree pickled that environment again."""
    from docutils import nodes

    from ogp_curriculum.i18n.sphinx_glue import adopt_translated_nodes

    page = _document("/book/intro.md")
    paragraph = nodes.paragraph()
    page += paragraph
    translated = _document("/book/intro.md:3:<translated>")
    translated.settings.env = SimpleNamespace(everything="x" * 500_000)  # what Sphinx carries
    moved = nodes.strong("", "", nodes.Text("Bonjour"))
    translated += moved
    paragraph.children = [moved]  # what Sphinx's Locale transform does
    moved.parent = paragraph
    assert len(pickle.dumps(page)) > 500_000

    assert adopt_translated_nodes(None, page) == 1  # the moved node, not its text
    assert moved.document is page and page.astext() == "Bonjour"
    assert len(pickle.dumps(page)) < 20_000
    assert adopt_translated_nodes(None, page) == 0
