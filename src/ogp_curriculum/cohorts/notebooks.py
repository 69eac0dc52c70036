"""What a cohort build needs to know about each notebook before running it."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import nbformat

from ogp_curriculum.errors import DefinitionError

_TIME_RE = re.compile(r"\*\*Time:\*\*\s*about\s+(\d+)\s*minutes?", re.IGNORECASE)
# Minutes given to a page whose first cell states no time (placeholder pages).
DEFAULT_MINUTES = 15

# papermill reports the annotation text; these are the types a YAML value can have.
_TYPES: dict[str, tuple[type, ...]] = {
    "str": (str,),
    "int": (int,),
    "float": (int, float),
    "bool": (bool,),
    "list": (list,),
    "dict": (dict,),
    "tuple": (list,),
}


# The cohort field each reserved parameter comes from, for error messages.
_FIELDS = {
    "countries": "countries",
    "cohort_name": "name",
    "language": "language",
    "scenario_overrides": "scenario_overrides",
}


@dataclass(frozen=True)
class NotebookInfo:
    """A selectable page: its title, its time and the parameters it declares."""

    entry: str  # toc path without suffix, e.g. "modules/01_welcome"
    path: Path
    title: str
    minutes: int
    declared: dict[str, str]  # parameter name -> annotation text ("list", "str", ...)
    # The scenario a scenario page plays, declared in its metadata
    # ({"ogp_curriculum": {"scenario": "<data/scenarios stem>"}}); None on other pages.
    scenario: str | None = None


def read_info(book_root: Path, entry: str) -> NotebookInfo:
    path = book_root / f"{entry}.ipynb"
    nb = nbformat.read(path, as_version=4)
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    text = first.source if first is not None else ""
    title = next(
        (line[2:].strip() for line in text.splitlines() if line.startswith("# ")),
        Path(entry).name.replace("_", " "),
    )
    match = _TIME_RE.search(text)
    # Imported here: the book build imports this module (via agendas) and never calls this.
    import papermill

    try:
        found = papermill.inspect_notebook(str(path))
    except ValueError as error:  # e.g. no kernelspec: the page cannot run under papermill
        raise DefinitionError(f"cannot read its parameters: {error}", path=path) from None
    declared = {name: str(spec.get("inferred_type_name") or "None") for name, spec in found.items()}
    return NotebookInfo(
        entry=entry,
        path=path,
        title=title,
        minutes=int(match.group(1)) if match else DEFAULT_MINUTES,
        declared=declared,
        scenario=nb.metadata.get("ogp_curriculum", {}).get("scenario"),
    )


def in_language(info: NotebookInfo, book_root: Path, language: str) -> NotebookInfo:
    """The page's notebook in ``language`` (en, fr, es): the ``translations/<lang>/`` copy.

    Parameters, time and scenario stay the English notebook's (the code is the same); the
    title is the translated one, for the agenda.
    """
    from ogp_curriculum.i18n import SOURCE_LANGUAGE
    from ogp_curriculum.i18n.notebooks import translated_path

    code = language
    if code == SOURCE_LANGUAGE:
        return info
    path = translated_path(book_root, code, info.path)
    if not path.is_file():
        raise DefinitionError(
            f"no {code} notebook at {path}: run `python -m ogp_curriculum i18n notebooks`",
            path=info.path,
        )
    return replace(info, path=path, title=_title(nbformat.read(path, as_version=4), info.title))


def _title(nb: nbformat.NotebookNode, fallback: str) -> str:
    first = next((c for c in nb.cells if c.cell_type == "markdown"), None)
    text = first.source if first is not None else ""
    return next((line[2:].strip() for line in text.splitlines() if line.startswith("# ")), fallback)


def _type_ok(annotation: str, value: Any) -> bool:
    base = annotation.split("[", 1)[0].strip().lower()
    if base in ("", "none", "any", "typing.any"):
        return True  # nothing declared: papermill injects whatever it is given
    accepted = _TYPES.get(base)
    if accepted is None:
        return True
    if isinstance(value, bool) and bool not in accepted:
        return False  # YAML true/false is not a number here
    return isinstance(value, accepted)


def parameters_for(
    info: NotebookInfo, offered: dict[str, Any], *, cohort_file: Path
) -> dict[str, Any]:
    """The cohort parameters this notebook declares, checked against its declared types."""
    chosen = {name: value for name, value in offered.items() if name in info.declared}
    for name, value in chosen.items():
        annotation = info.declared[name]
        if not _type_ok(annotation, value):
            field = _FIELDS.get(name, f"parameters.{name}")
            raise DefinitionError(
                f"{info.entry}.ipynb expects {annotation}, not {type(value).__name__}",
                path=cohort_file,
                field=field,
                value=value,
            )
    return chosen
