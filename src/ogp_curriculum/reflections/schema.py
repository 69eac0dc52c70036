"""The reflection file format and the trainer's option lists, checked by JSON Schema."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ogp_curriculum import inputs
from ogp_curriculum.errors import DefinitionError, InputError
from ogp_curriculum.i18n import N_
from ogp_curriculum.paths import data_dir

KIND = "ogp-curriculum/reflection"
SCHEMA_VERSION = 1
LEVELS: tuple[str, ...] = ("national", "sub-national", "cross-country")
PROMPTS: dict[str, str] = {
    "resonance": N_("How do the presentations resonate with your own experience?"),
    "challenges_and_politics": (
        N_("What challenges do you face, and how do you work politically to deal with them?")
    ),
    "support_and_resources": (
        N_("What support and resources would help you think and work politically?")
    ),
}
PICK_FIELDS: tuple[str, ...] = ("challenges", "twp_approaches", "support")

_SCHEMA_DIR = Path(__file__).resolve().parents[1] / "schemas"


def _schema(name: str) -> dict[str, Any]:
    return inputs.load_schema(name)


def reflection_schema() -> dict[str, Any]:
    """The JSON Schema of a group's reflections (a copy callers may keep)."""
    return json.loads(json.dumps(_schema("reflection")))


field_path = inputs.field_path


def validate_reflection(document: Any, *, path: str | Path | None = None) -> dict[str, Any]:
    """Return ``document`` if it is a valid version-1 reflection, else raise ``InputError``.

    The error names the file and the field path (``prompts.resonance``,
    ``priority_votes[2].votes``).
    """
    if not isinstance(document, Mapping):
        raise InputError("not a reflection file: the top level is not a JSON object", path=path)
    if document.get("kind") != KIND:
        raise InputError(
            f"not a reflection file: 'kind' is not '{KIND}'",
            path=path,
            field="kind",
            value=document.get("kind"),
        )
    version = document.get("schema_version")
    if version != SCHEMA_VERSION:
        raise InputError(
            f"schema version {version!r} is not supported; this book reads version "
            f"{SCHEMA_VERSION}",
            path=path,
            field="schema_version",
        )
    error = inputs.first_schema_error(document, "reflection", path=path, formats=True,
                                      cls=InputError)
    if error is not None:
        raise error
    return dict(document)


def empty_reflection(group: str = "", *, cohort: str = "") -> dict[str, Any]:
    """A blank reflection with every field present (valid once ``group`` and ``level`` are set)."""
    return {
        "kind": KIND,
        "schema_version": SCHEMA_VERSION,
        "group": group,
        "cohort": cohort,
        "countries": [],
        "level": "national",
        "prompts": dict.fromkeys(PROMPTS, ""),
        "challenges": {"selected": [], "other": ""},
        "twp_approaches": {"selected": [], "other": ""},
        "support": {"selected": [], "other": ""},
        "priority_votes": [],
    }


@dataclass(frozen=True)
class Option:
    id: str
    label: str


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    keywords: tuple[str, ...]


@dataclass(frozen=True)
class Options:
    """The trainer's lists: what groups pick from and how the plenary groups free text."""

    challenges: tuple[Option, ...]
    twp_approaches: tuple[Option, ...]
    support_categories: tuple[Option, ...]
    themes: tuple[Theme, ...]

    def for_field(self, field: str) -> tuple[Option, ...]:
        """The option list behind a reflection's pick field (``support`` -> categories)."""
        return {
            "challenges": self.challenges,
            "twp_approaches": self.twp_approaches,
            "support": self.support_categories,
        }[field]

    def label(self, field: str, option_id: str) -> str:
        """The label of an option id; an id the list no longer has is shown as it is."""
        for option in self.for_field(field):
            if option.id == option_id:
                return option.label
        return option_id


def default_options_path() -> Path:
    return data_dir() / "reflections" / "options.yaml"


def load_options(path: str | Path | None = None, *, language: str | None = None) -> Options:
    """Read and check the trainer's option lists (``data/reflections/options.yaml``), in
    ``language`` (default: the learner's); option ids are the same in every language."""
    from ogp_curriculum.i18n.trainer_yaml import localized

    path = localized(Path(path) if path is not None else default_options_path(), language)
    document = inputs.load_yaml(path, what="option list")
    raw = document.data
    error = inputs.first_schema_error(raw, "reflection_options", path=path, formats=True,
                                      doc=document)
    if error is not None:
        raise error
    for name in ("challenges", "twp_approaches", "support_categories", "themes"):
        ids = [item["id"] for item in raw[name]]
        duplicates = sorted({i for i in ids if ids.count(i) > 1})
        if duplicates:
            raise DefinitionError(f"the id {duplicates[0]!r} is used twice", path=path, field=name)

    def options(name: str) -> tuple[Option, ...]:
        return tuple(Option(item["id"], item["label"]) for item in raw[name])

    return Options(
        challenges=options("challenges"),
        twp_approaches=options("twp_approaches"),
        support_categories=options("support_categories"),
        themes=tuple(
            Theme(t["id"], t["label"], tuple(k.lower() for k in t["keywords"]))
            for t in raw["themes"]
        ),
    )
