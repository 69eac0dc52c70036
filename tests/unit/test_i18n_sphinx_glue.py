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
