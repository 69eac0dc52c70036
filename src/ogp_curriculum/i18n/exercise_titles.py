"""Exercise titles in the catalogues (a Sphinx extension, in ``_config.yml``).

sphinx-exercise builds an exercise's title ("Exercise 2 (Change the denominator)") from the
directive's argument without a source position, and Sphinx only translates text that has one:
every exercise title stayed English on French and Spanish pages. Two steps fix that:
- before Sphinx's translation transform, the title's text gets its page's source and line, so
  a translated build replaces it from the catalogue;
- sphinx-exercise later rebuilds the title (a post-transform), which the gettext builder reads;
  the text remembered on the exercise node is put back on the rebuilt title for extraction.
"""

from __future__ import annotations

from typing import Any

from docutils import nodes
from sphinx.transforms import SphinxTransform

_MSGID = "ogp_title_msgid"


def _positioned(node: nodes.Node) -> nodes.Node | None:
    while node is not None and not node.source:
        node = node.parent
    return node


class TranslatableExerciseTitles(SphinxTransform):
    """Runs before sphinx.transforms.i18n.Locale (priority 20)."""

    default_priority = 15

    def apply(self, **kwargs: Any) -> None:
        from sphinx_exercise.nodes import exercise_subtitle  # type: ignore[import-untyped]

        for subtitle in self.document.findall(exercise_subtitle):
            if subtitle.source or not all(isinstance(c, nodes.Text) for c in subtitle.children):
                continue  # already positioned, or markup a plain-text message would lose
            anchor = _positioned(subtitle)
            subtitle.source = anchor.source if anchor is not None else self.document["source"]
            subtitle.line = anchor.line if anchor is not None else 1
            subtitle.rawsource = subtitle.astext()
            exercise = subtitle.parent.parent if subtitle.parent is not None else None
            if exercise is not None:
                exercise[_MSGID] = subtitle.rawsource


class TranslatedTitlesInRegistry(SphinxTransform):
    """After sphinx.transforms.i18n.Locale: solutions name their exercise with its translated
    title (sphinx-exercise builds a solution's title from a copy of the exercise it keeps)."""

    default_priority = 25

    def apply(self, **kwargs: Any) -> None:
        from sphinx_exercise.nodes import exercise_subtitle

        registry = getattr(self.env, "sphinx_exercise_registry", {})
        for exercise in self.document.findall(nodes.Element):
            entry = registry.get(exercise.get("label", "")) if exercise.get(_MSGID) else None
            if entry is None:
                continue
            ours = [n for n in exercise[0].children if isinstance(n, exercise_subtitle)]
            kept = [n for n in entry["node"][0].children if isinstance(n, exercise_subtitle)]
            if ours and kept:
                kept[0].children = []
                kept[0].extend(child.deepcopy() for child in ours[0].children)


def _extractable_titles(app: Any, doctree: nodes.document, docname: str) -> None:
    """For the gettext builder: the rebuilt titles carry the text it must extract."""
    if app.builder.name != "gettext":
        return
    for exercise in doctree.findall(nodes.Element):
        msgid = exercise.get(_MSGID)
        if not msgid or not exercise.children or not isinstance(exercise[0], nodes.title):
            continue
        title = exercise[0]
        anchor = _positioned(exercise)
        title.source = anchor.source if anchor is not None else app.env.doc2path(docname)
        title.line = anchor.line if anchor is not None else 1
        title.rawsource = msgid
        title.uid = ""  # the gettext catalogue skips nodes without one


def setup(app: Any) -> dict[str, Any]:
    app.add_transform(TranslatableExerciseTitles)
    app.add_transform(TranslatedTitlesInRegistry)
    app.connect("doctree-resolved", _extractable_titles)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
