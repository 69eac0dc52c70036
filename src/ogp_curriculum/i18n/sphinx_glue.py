"""Glued figures in translated notebook pages (a Sphinx extension, in ``_config.yml``).

Sphinx translates a paragraph by parsing its ``msgstr`` as a small document of its own.
MyST-NB parses that one as plain MyST (it is not a notebook), so the new document lacks the
notebook's renderer, where the ``{glue:text}`` roles look their keys up: every glued figure in
a French or Spanish notebook page failed with "No key ... found in glue data for this document".
MyST-NB also drops the renderer when it finishes the notebook, before Sphinx translates. So
this keeps the renderer of the notebook being read (in Sphinx's per-document ``temp_data``,
cleared after each document) and lends it to that notebook's translated paragraphs.

The nodes of a translated paragraph also keep a link to that small document, and through its
settings to the whole build environment: each French or Spanish doctree pickled at about
1.5 MB instead of 40 kB, and every build, even one with nothing to do, unpickled them all
(37 MB per language) to number figures. :func:`adopt_translated_nodes` gives them back to
the page's own document before Sphinx pickles it.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes

_KEY = "ogp_nb_renderer"
_RENDERER = "nb_renderer"
_TRANSLATED = "<translated>"


class _KeepRenderer(dict[str, Any]):
    """A document's attributes that hand the renderer to ``temp_data`` when MyST-NB drops it."""

    def __init__(self, attributes: dict[str, Any], temp_data: dict[str, Any]) -> None:
        super().__init__(attributes)
        self._temp_data = temp_data

    def pop(self, key: str, *default: Any) -> Any:
        if key == _RENDERER and key in self:
            self._temp_data[_KEY] = self[key]
        return super().pop(key, *default)


def before_parse(document: nodes.document, env: Any) -> None:
    """Lend a translated paragraph the renderer of its notebook; keep a notebook's renderer."""
    if env is None:
        return
    source = getattr(document, "current_source", None) or ""
    if source.endswith(_TRANSLATED):
        renderer = env.temp_data.get(_KEY)
        if renderer is not None and _RENDERER not in document:
            document[_RENDERER] = renderer
    else:
        env.temp_data.pop(_KEY, None)
        document.attributes = _KeepRenderer(document.attributes, env.temp_data)


def after_parse(document: nodes.document) -> None:
    """Nothing borrowed outlives the parse: Sphinx pickles the doctree (its nodes keep their
    document), and neither the renderer nor ``temp_data`` pickles."""
    if isinstance(document.attributes, _KeepRenderer):
        document.attributes = dict(document.attributes)
    source = getattr(document, "current_source", None) or ""
    if source.endswith(_TRANSLATED):
        document.attributes.pop(_RENDERER, None)


def adopt_translated_nodes(_app: Any, doctree: nodes.document) -> int:
    """Make ``doctree`` the document of every node in it (``doctree-read``, after Sphinx has
    translated it); returns how many nodes still pointed at a translated paragraph's."""
    adopted = 0
    for node in doctree.findall(include_self=False):
        owner = getattr(node, "_document", None)
        if owner is not None and owner is not doctree:
            node.document = doctree
            adopted += 1
    return adopted


def setup(app: Any) -> dict[str, Any]:
    from myst_nb.sphinx_ import Parser

    app.connect("doctree-read", adopt_translated_nodes)

    original = Parser.parse
    if not getattr(original, "_ogp_lends_renderer", False):

        def parse(self: Any, inputstring: str, document: nodes.document) -> None:
            before_parse(document, getattr(self, "env", None))
            try:
                original(self, inputstring, document)
            finally:
                after_parse(document)

        parse._ogp_lends_renderer = True  # type: ignore[attr-defined]
        Parser.parse = parse
    return {"parallel_read_safe": True, "parallel_write_safe": True}
