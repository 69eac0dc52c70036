"""Read and check a cohort definition (``data/cohorts/<name>.yml``).

A trainer edits the YAML; this module turns it into a :class:`Cohort` or raises a
:class:`~ogp_curriculum.errors.DefinitionError` that names the file and the field. Nothing
here writes a file, so a bad definition can never leave anything behind.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ogp_curriculum import inputs
from ogp_curriculum.book import toc_files
from ogp_curriculum.cohorts import countries as country_data
from ogp_curriculum.errors import DefinitionError

# The papermill parameter names the book's notebooks use (see BRIEFING conventions).
RESERVED_PARAMETERS = ("countries", "cohort_name", "scenario_overrides")
_NAME_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")


@dataclass(frozen=True)
class Country:
    """One cohort country: what the trainer wrote and what it matched."""

    given: str
    iso3: str
    has_data: bool


@dataclass(frozen=True)
class Cohort:
    """A validated cohort definition."""

    path: Path
    name: str
    title: str
    countries: tuple[Country, ...]
    language: str
    pages: tuple[str, ...]  # toc paths such as "modules/01_welcome", in book order
    facilitator: dict[str, str]
    agenda: dict[str, Any] = field(default_factory=dict)
    # toc path of a scenario page -> its placeholder texts
    scenario_overrides: dict[str, dict[str, str]] = field(default_factory=dict)
    learner_access: dict[str, str] = field(default_factory=dict)
    reflection_prompts: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    notes: tuple[str, ...] = ()

    @property
    def iso3(self) -> list[str]:
        return [country.iso3 for country in self.countries]

    @property
    def book_language(self) -> str:
        """The book's language for this cohort: fr or es when it is one, else English.

        ``pt-BR`` (say) keeps English pages and notebooks; only headings follow it.
        """
        from ogp_curriculum.i18n import language_for

        return language_for(self.language)

    def notebook_parameters(self, entry: str) -> dict[str, Any]:
        """Every parameter the cohort can give page ``entry``; it gets those it declares."""
        return {
            "countries": self.iso3,
            "cohort_name": self.name,
            "scenario_overrides": dict(self.scenario_overrides.get(entry, {})),
            # Notebooks that declare it call set_language(language) (ogp_curriculum.i18n).
            "language": self.book_language,
            **self.parameters,
        }


def schema() -> dict[str, Any]:
    return inputs.load_schema("cohort")


def toc_notebooks(book_root: Path) -> tuple[str, ...]:
    """Toc entries that are notebooks (the pages a cohort can select), in book order."""
    return tuple(stem for stem in toc_files(book_root) if (book_root / f"{stem}.ipynb").is_file())


def read_yaml(path: Path) -> dict[str, Any]:
    """Parse the YAML file into a mapping, or say where it is malformed."""
    return inputs.load_mapping(path, what="cohort file")


def _schema_errors(data: dict[str, Any], path: Path) -> None:
    errors = inputs.schema_errors(data, "cohort")
    if not errors:
        return
    error = errors[0]
    problem = inputs.as_input_error(error, path=path)
    message = problem.message
    if error.validator == "oneOf" and problem.field == "agenda":
        message = "give exactly one of 'variant' or 'session_minutes'"
    raise DefinitionError(message, path=path, field=problem.field)


def _check_name(name: str, path: Path) -> None:
    # The name becomes a folder under the output folder: refuse anything that could leave it.
    if "/" in name or "\\" in name or ".." in name or Path(name).is_absolute():
        raise DefinitionError(
            "would escape the output folder; use lower-case letters, digits and hyphens",
            path=path,
            field="name",
            value=name,
        )
    if not _NAME_RE.match(name):
        raise DefinitionError(
            "must be lower-case letters, digits and hyphens", path=path, field="name", value=name
        )


def _resolve_countries(given: list[str], path: Path) -> tuple[tuple[Country, ...], list[str]]:
    if not given:
        raise DefinitionError("must list at least one country", path=path, field="countries")
    with_data = country_data.countries_in_data()
    found: list[Country] = []
    notes: list[str] = []
    for index, name in enumerate(given):
        iso3 = country_data.resolve_country(name)
        if iso3 is None:
            raise DefinitionError(
                "unknown country (use an English name or an ISO 3166 code)",
                path=path,
                field=f"countries[{index}]",
                value=name,
            )
        if any(country.iso3 == iso3 for country in found):
            raise DefinitionError(
                f"lists {iso3} twice", path=path, field=f"countries[{index}]", value=name
            )
        has_data = iso3 in with_data
        if not has_data:
            label = iso3 if name.strip().upper() == iso3 else f"{name} ({iso3})"
            notes.append(
                f"{label} has no commitments in the 2016 IRM dataset: the data pages "
                "cannot show it, and its handout profile says so."
            )
        found.append(Country(given=name, iso3=iso3, has_data=has_data))
    return tuple(found), notes


def _page(item: str, available: tuple[str, ...]) -> str:
    """The toc path for a stem ("01_welcome") or path ("modules/01_welcome"); "" if none."""
    entry = item.removesuffix(".ipynb")
    by_stem = {page.rsplit("/", 1)[-1]: page for page in available}
    return entry if entry in available else by_stem.get(entry, "")


def _resolve_pages(include: list[str], available: tuple[str, ...], path: Path) -> tuple[str, ...]:
    chosen: set[str] = set()
    for index, item in enumerate(include):
        entry = _page(item, available)
        if not entry:
            stems = sorted(page.rsplit("/", 1)[-1] for page in available)
            raise DefinitionError(
                f"unknown module or exercise; choose from: {', '.join(stems)}",
                path=path,
                field=f"include[{index}]",
                value=item,
            )
        chosen.add(entry)
    return tuple(entry for entry in available if entry in chosen)


def _resolve_overrides(
    overrides: dict[str, dict[str, str]], pages: tuple[str, ...], path: Path
) -> dict[str, dict[str, str]]:
    resolved: dict[str, dict[str, str]] = {}
    for key, texts in overrides.items():
        entry = _page(key, pages)
        if not entry:
            raise DefinitionError(
                "names no page listed under include (use its file stem)",
                path=path,
                field=f"scenario_overrides.{key}",
            )
        resolved[entry] = dict(texts)
    return resolved


def _check_parameters(parameters: dict[str, Any], path: Path) -> None:
    for key in parameters:
        if key in RESERVED_PARAMETERS:
            raise DefinitionError(
                f"set '{key}' through its own field, not under parameters",
                path=path,
                field=f"parameters.{key}",
            )


def load_cohort(path: str | Path, *, book_root: Path | None = None) -> Cohort:
    """Validate ``path`` (schema first, then meaning) and return the cohort."""
    from ogp_curriculum.paths import repo_root

    path = Path(path)
    root = book_root or repo_root()
    data = read_yaml(path)
    _schema_errors(data, path)
    _check_name(data["name"], path)
    countries, notes = _resolve_countries(data["countries"], path)
    pages = _resolve_pages(data["include"], toc_notebooks(root), path)
    overrides = _resolve_overrides(data.get("scenario_overrides", {}), pages, path)
    parameters = data.get("parameters", {})
    _check_parameters(parameters, path)
    return Cohort(
        path=path,
        name=data["name"],
        title=data["title"],
        countries=countries,
        language=data["language"],
        pages=pages,
        facilitator=dict(data["facilitator"]),
        agenda=dict(data.get("agenda", {"variant": "half-day"})),
        scenario_overrides=overrides,
        learner_access=dict(data.get("learner_access", {})),
        reflection_prompts=tuple(data.get("reflection_prompts", ())),
        parameters=dict(parameters),
        notes=tuple(notes),
    )
