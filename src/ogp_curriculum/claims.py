"""The claims register: where every fact in the book comes from.

``reference/claims.yml`` lists, for each factual claim that is not computed from the data, the
page, the claim in short, the bibliography key and a locator (page, section or a quote of at
most 25 words). It is validated against ``schemas/claims.schema.json``. The reference page
``reference/claims.md`` is rendered from the same file at build time by the ``claims-register``
directive defined here, so the page and the register cannot drift apart.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ogp_curriculum import inputs
from ogp_curriculum.errors import DefinitionError
from ogp_curriculum.i18n import N_, Translator, language_for
from ogp_curriculum.paths import repo_root

MAX_QUOTE_WORDS = 25
_QUOTES = ('"', "“", "'", "‘", "«")
_CITE = re.compile(r"\{cite(?::\w+)?\}`([^`\s]+)`")


@dataclass(frozen=True)
class Claim:
    page: str
    claim: str
    key: str
    locator: str

    @property
    def is_quote(self) -> bool:
        return self.locator.lstrip().startswith(_QUOTES)


def default_path() -> Path:
    return repo_root() / "reference" / "claims.yml"


def quote_words(locator: str) -> int:
    """Words in a quoted locator (quotes and a trailing page note after the quote excluded)."""
    text = locator.strip()
    closing = {'"': '"', "“": "”", "'": "'", "‘": "’", "«": "»"}[text[0]]
    end = text.find(closing, 1)
    quoted = text[1:end] if end > 0 else text[1:]
    return len(quoted.split())


def load(path: str | Path | None = None) -> list[Claim]:
    """The register, validated; every problem is one error naming the file, entry and field."""
    source = Path(path) if path is not None else default_path()
    data = inputs.load_yaml(source, what="claims register").data
    errors = inputs.schema_errors(data, "claims")
    if errors:
        # The row is the entry's number in the register; the field its name.
        first = errors[0]
        where = inputs.error_position(first)
        row = where[1] + 1 if len(where) > 1 and isinstance(where[1], int) else None
        field = inputs.missing_property(first) or next(
            (str(part) for part in reversed(where) if isinstance(part, str)), None)
        raise DefinitionError(inputs.message(first), path=source, row=row, field=field)
    claims = [Claim(**entry) for entry in data["claims"]]
    for number, claim in enumerate(claims, start=1):
        if claim.is_quote and quote_words(claim.locator) > MAX_QUOTE_WORDS:
            raise DefinitionError(f"a quoted locator may have at most {MAX_QUOTE_WORDS} words",
                                  path=source, row=number, field="locator")
    return claims


def page_text(source: Path) -> str:
    """The prose of a page: a markdown file, or the markdown cells of a notebook.

    A notebook's live citation links (ogp_curriculum.citations) read as the roles they stand for.
    """
    if source.suffix == ".ipynb":
        from ogp_curriculum.citations import to_roles

        cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
        return "\n\n".join(to_roles("".join(c["source"])) for c in cells
                           if c.get("cell_type") == "markdown")
    return source.read_text(encoding="utf-8")


def cited_keys(text: str) -> set[str]:
    """Every key cited with {cite}, {cite:p}, {cite:t} (or another cite role) in ``text``."""
    return {key.strip() for keys in _CITE.findall(text) for key in keys.split(",")
            if key.strip()}


def uncovered(pages: dict[str, set[str]], claims: Iterable[Claim]) -> dict[str, set[str]]:
    """Per page, the cited keys that no register entry for that page covers."""
    covered: dict[str, set[str]] = {}
    for claim in claims:
        covered.setdefault(claim.page, set()).add(claim.key)
    missing = {page: keys - covered.get(page, set()) for page, keys in pages.items()}
    return {page: keys for page, keys in missing.items() if keys}


def _cell(text: str) -> str:
    # A markdown table cell: one line, no stray pipes.
    return " ".join(text.split()).replace("|", "\\|")


HEADERS = (N_("Claim"), N_("Source"), N_("Where to check"))


def to_markdown(claims: list[Claim], linkable: Iterable[str] = (), language: str = "en") -> str:
    """The register as MyST markdown: one table per page, in the order pages first appear.

    Pages in ``linkable`` (the book's documents) link to the page, titled by Sphinx. Headers are
    in ``language``; the claims and locators stay in English, as written.
    """
    _ = Translator(language)
    header = "| " + " | ".join(_(text) for text in HEADERS) + " |"
    linkable = set(linkable)
    pages: dict[str, list[Claim]] = {}
    for claim in claims:
        pages.setdefault(claim.page, []).append(claim)
    lines: list[str] = []
    for page, entries in pages.items():
        heading = f"{{doc}}`/{page}`" if page in linkable else f"`{page}`"
        lines += [f"**{heading}**", "", header, "|---|---|---|"]
        lines += [f"| {_cell(c.claim)} | {{cite:p}}`{c.key}` | {_cell(c.locator)} |"
                  for c in entries]
        lines.append("")
    return "\n".join(lines)


def setup(app: Any) -> dict[str, Any]:
    """Sphinx extension: the ``claims-register`` directive renders reference/claims.yml."""
    from docutils import nodes
    from docutils.statemachine import StringList
    from sphinx.util.docutils import SphinxDirective

    class ClaimsRegister(SphinxDirective):
        has_content = False
        optional_arguments = 1

        def run(self) -> list[nodes.Node]:
            relative = self.arguments[0] if self.arguments else "claims.yml"
            _, absolute = self.env.relfn2path(relative, self.env.docname)
            self.env.note_dependency(absolute)
            claims = load(absolute)
            language = language_for(self.env.config.language or "en")
            text = to_markdown(claims, self.env.found_docs, language)
            container = nodes.container()
            self.state.nested_parse(StringList(text.splitlines(), source=absolute), 0, container)
            _mark_english_cells(container)
            return container.children

    def _mark_english_cells(container: nodes.Element) -> None:
        # The register is written in English (claims and locators quote English sources): its
        # claim and locator cells say so (docutils writes a "language-en" class as lang="en"),
        # for screen readers and for the check for English UI strings on translated pages.
        for row in container.findall(nodes.row):
            entries = [child for child in row.children if isinstance(child, nodes.entry)]
            for index in (0, 2):
                if index < len(entries):
                    entries[index]["classes"].append("language-en")

    app.add_directive("claims-register", ClaimsRegister)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
