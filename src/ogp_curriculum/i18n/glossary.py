"""The multilingual terminology (``data/i18n/glossary.yml``): load it, check it, show it.

Each term has the book's English, French and Spanish names; a French or Spanish name is either
verified (a public OGP, IRM or member-government page uses it, named in ``source``) or marked
unverified with a note. Other names OGP uses are listed as variants, with why the book picks
its own. ``reference/glossary.md`` shows the table: this module is also a small Sphinx
extension that replaces the line ``<!-- ogp-glossary-languages -->`` by the table, as raw
HTML (escaped here), so Sphinx's gettext never extracts the three-language cells as messages.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ogp_curriculum import inputs
from ogp_curriculum.errors import DefinitionError
from ogp_curriculum.i18n import LANGUAGES, N_, Translator, language_for
from ogp_curriculum.outputs import html_text, safe_url

MARKER = "<!-- ogp-glossary-languages -->"
# Each language names itself (as in the site's language switcher).
_NAMES = {"en": "English", "fr": "Français", "es": "Español"}
_CATEGORIES = {"body": N_("Bodies"), "process": N_("Process"), "rating": N_("IRM ratings"),
               "term": N_("Other terms")}


@dataclass(frozen=True)
class Variant:
    term: str
    abbreviation: str
    source: str
    note: str


@dataclass(frozen=True)
class Name:
    term: str
    abbreviation: str = ""
    verified: bool = True
    source: str = ""
    note: str = ""
    why: str = ""
    variants: tuple[Variant, ...] = ()

    @property
    def shown(self) -> str:
        return f"{self.term} ({self.abbreviation})" if self.abbreviation else self.term


@dataclass(frozen=True)
class Term:
    id: str
    category: str
    names: dict[str, Name]


def glossary_path() -> Path:
    from ogp_curriculum.paths import data_dir

    return data_dir() / "i18n" / "glossary.yml"


def load_glossary(path: str | Path | None = None) -> list[Term]:
    """Read and check the glossary; the first problem is one ``DefinitionError`` line."""
    source = Path(path) if path is not None else glossary_path()
    document = inputs.load_yaml(source, what="glossary")
    if document.data is None:
        raise DefinitionError("the glossary is empty (an interrupted save or upload?)",
                              path=source)
    error = inputs.first_schema_error(document.data, "glossary", path=source, doc=document)
    if error is not None:
        raise error
    terms = [_term(raw) for raw in document.data["terms"]]
    seen: set[str] = set()
    for index, term in enumerate(terms):
        if term.id in seen:
            raise DefinitionError(f"the id {term.id!r} is used twice", path=source,
                                  field=f"terms[{index}].id", row=document.line(
                                      ["terms", index, "id"]))
        seen.add(term.id)
    return terms


def _name(raw: dict[str, Any]) -> Name:
    return Name(
        term=raw["term"], abbreviation=raw.get("abbreviation", ""),
        verified=bool(raw.get("verified", True)), source=raw.get("source", ""),
        note=" ".join(raw.get("note", "").split()), why=" ".join(raw.get("why", "").split()),
        variants=tuple(Variant(v["term"], v.get("abbreviation", ""), v["source"],
                               " ".join(v.get("note", "").split()))
                       for v in raw.get("variants", ())),
    )


def _term(raw: dict[str, Any]) -> Term:
    return Term(raw["id"], raw["category"], {lang: _name(raw[lang]) for lang in LANGUAGES})


def verified_share(terms: list[Term], language: str) -> float:
    """Share of terms whose ``language`` name is verified against a public source."""
    return sum(t.names[language].verified for t in terms) / len(terms) if terms else 0.0


# --- rendering ----------------------------------------------------------------------------


def _link(url: str, text: str) -> str:
    href = safe_url(url)
    return f'<a href="{html_text(href)}">{html_text(text)}</a>' if href else html_text(text)


def _cell(name: Name, language: str, _: Translator) -> str:
    """One term in ``language``; its notes in the page's language (``_``)."""
    parts = [f'<span lang="{language}">{html_text(name.shown)}</span>']
    if language != "en":
        source, unverified, also = _("source"), _("not yet verified"), _("also:")
        if name.verified and name.source:
            parts.append(f"<br><small>{_link(name.source, source)}</small>")
        else:
            parts.append(f"<br><small><em>{html_text(unverified)}</em></small>")
        for variant in name.variants:
            shown = (f"{variant.term} ({variant.abbreviation})" if variant.abbreviation
                     else variant.term)
            parts.append(f"<br><small>{html_text(also)} "
                         f'<span lang="{language}">{html_text(shown)}</span> '
                         f"({_link(variant.source, source)})</small>")
        if name.why:
            # The reasons are written in English in data/i18n/glossary.yml.
            parts.append(f'<br><small lang="en">{html_text(name.why)}</small>')
    return "".join(parts)


def render_html(terms: list[Term], page_language: str = "en") -> str:
    """The glossary as one accessible HTML table (one line: MyST keeps it a raw HTML block).

    Headings and notes are in ``page_language``: the French page gets French ones.
    """
    _ = Translator(page_language)
    head = "".join(f'<th scope="col">{html_text(_NAMES[lang])}</th>' for lang in LANGUAGES)
    rows = []
    for category, label in _CATEGORIES.items():
        members = [t for t in terms if t.category == category]
        if not members:
            continue
        rows.append(f'<tr><th scope="rowgroup" colspan="{len(LANGUAGES)}">'
                    f"{html_text(_(label))}</th></tr>")
        for term in members:
            cells = "".join(
                (f'<th scope="row">{_cell(term.names[lang], lang, _)}</th>' if lang == "en"
                 else f"<td>{_cell(term.names[lang], lang, _)}</td>")
                for lang in LANGUAGES)
            rows.append(f'<tr id="term-{html_text(term.id)}">{cells}</tr>')
    caption = _("OGP terms in English, French and Spanish, with where OGP uses them")
    return (f'<table class="ogp-glossary-languages"><caption>{html_text(caption)}</caption>'
            f"<thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")


def expand(text: str, path: str | Path | None = None, language: str = "en") -> str:
    """``text`` with the marker line replaced by the table (unchanged without a marker)."""
    if MARKER not in text:
        return text
    return text.replace(MARKER, render_html(load_glossary(path), language))


# --- Sphinx -------------------------------------------------------------------------------


def _source_read(app: Any, docname: str, source: list[str]) -> None:
    from sphinx.errors import ExtensionError

    try:
        source[0] = expand(source[0], language=language_for(app.config.language or "en"))
    except DefinitionError as error:
        raise ExtensionError(f"{docname}: {error}") from None


def setup(app: Any) -> dict[str, Any]:
    app.connect("source-read", _source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
