"""Scenario definitions: load a trainer's YAML, check it, and fill in cohort placeholders.

Checking happens in two passes. The JSON Schema catches shape problems (a missing text, a
wrong type); the semantic pass catches what a schema cannot see: choices that lead to unknown
scenes, scenes no path reaches, dead ends, unknown indicators and loops with no way out.
Every problem becomes a ``ScenarioError`` naming the file, the scene and the field.
"""

from __future__ import annotations

import re
from collections import deque
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jsonschema

from ogp_curriculum import inputs
from ogp_curriculum.errors import DefinitionError, InputError

_PLACEHOLDER = re.compile(r"\{([a-z][a-z0-9_]*)\}")
# What can stand before a placeholder that opens a sentence: the start of the text, a blank line
# or the end of a sentence, then any opening quotes or brackets (incl. Spanish inverted marks).
# Values such as "the finance ministry" are written for mid-sentence use, in every language.
_SENTENCE_START = re.compile(
    r"(?:\A|\n[ \t]*\n|[.!?…][\"'»”’)\]]*\s+)[\"'«“‘¿¡(\[]*\s*\Z"
)
# Fields that hold identifiers, not prose: placeholders are never filled in there.
_ID_FIELDS = frozenset({"id", "goto", "start", "sources", "outcome"})


class ScenarioError(DefinitionError):
    """A scenario definition problem, with the scene it is in (``None`` for top-level fields)."""

    def __init__(
        self, message: str, *, path: str | Path | None, scene: str | None, field: str
    ) -> None:
        self.scene = scene
        if scene is not None:
            message = f"scene '{scene}': {message}"
        super().__init__(message, path=path, field=field)


@dataclass(frozen=True)
class Indicator:
    key: str
    label: str
    start: int
    description: str = ""


@dataclass(frozen=True)
class Choice:
    label: str
    goto: str
    feedback: str
    twp: str
    effects: Mapping[str, int] = field(default_factory=dict)
    stance: str = ""


@dataclass(frozen=True)
class Scene:
    key: str
    text: str
    title: str = ""
    ending: bool = False
    outcome: str = ""
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class Character:
    name: str
    role: str


@dataclass(frozen=True)
class Setting:
    """Who the player is and which names are invented (see ``scenarios.consistency``)."""

    role: str
    role_institution: str
    outside_parties: tuple[str, ...]
    fictional_entities: tuple[str, ...]
    real_allowed: tuple[str, ...] = ()


@dataclass(frozen=True)
class RealStory:
    """The debrief's "what really happened" and "where the literature disagrees"."""

    what_really_happened: str
    sources: tuple[str, ...]
    literature_disagrees: str
    literature_sources: tuple[str, ...]
    real_names: tuple[str, ...]


@dataclass(frozen=True)
class Scenario:
    id: str
    title: str
    summary: str
    indicators: Mapping[str, Indicator]
    start: str
    scenes: Mapping[str, Scene]
    reflection_questions: tuple[str, ...]
    sources: tuple[str, ...] = ()
    fictional_note: str = ""
    characters: tuple[Character, ...] = ()
    placeholders: Mapping[str, str] = field(default_factory=dict)
    path: Path | None = None
    setting: Setting | None = None
    real_story: RealStory | None = None

    def scene(self, key: str) -> Scene:
        return self.scenes[key]


def _field_path(parts: Iterable[object]) -> str:
    out = ""
    for part in parts:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _schema_error(error: jsonschema.ValidationError, path: Path | None) -> ScenarioError:
    parts = list(error.absolute_path)
    missing = inputs.missing_property(error)
    if missing:
        parts.append(missing)
    scene = str(parts[1]) if len(parts) > 1 and parts[0] == "scenes" else None
    message = inputs.message(error)
    schema: Any = error.schema
    if error.validator == "pattern" and schema.get("pattern") == "\\S":
        message = "text is empty"
    return ScenarioError(
        message, path=path, scene=scene, field=_field_path(parts) or "(top level)"
    )


def schema_errors(data: object, path: Path | None = None) -> list[ScenarioError]:
    """Shape problems, in the order they appear in the file."""
    return [_schema_error(e, path) for e in inputs.schema_errors(data, "scenario")]


def _graph(scenes: Mapping[str, Any]) -> dict[str, list[str]]:
    return {key: [c["goto"] for c in scene.get("choices", [])] for key, scene in scenes.items()}


def _reachable(start: str, graph: Mapping[str, list[str]]) -> set[str]:
    seen, queue = {start}, deque([start])
    while queue:
        for nxt in graph.get(queue.popleft(), []):
            if nxt in graph and nxt not in seen:
                seen.add(nxt)
                queue.append(nxt)
    return seen


def _can_end(graph: Mapping[str, list[str]], endings: set[str]) -> set[str]:
    """Scenes from which some sequence of choices reaches an ending (reverse search)."""
    reverse: dict[str, set[str]] = {key: set() for key in graph}
    for key, targets in graph.items():
        for target in targets:
            if target in reverse:
                reverse[target].add(key)
    seen, queue = set(endings), deque(endings)
    while queue:
        for prev in reverse[queue.popleft()]:
            if prev not in seen:
                seen.add(prev)
                queue.append(prev)
    return seen


def semantic_errors(data: Mapping[str, Any], path: Path | None = None) -> list[ScenarioError]:
    """Problems in how scenes connect and what choices change (the data already fits the schema)."""
    scenes: Mapping[str, Any] = data["scenes"]
    indicators = set(data["indicators"])
    errors: list[ScenarioError] = []

    def err(message: str, scene: str | None, fld: str) -> None:
        errors.append(ScenarioError(message, path=path, scene=scene, field=fld))

    if data["start"] not in scenes:
        err(f"the start scene '{data['start']}' does not exist", None, "start")
    for key, scene in scenes.items():
        base = f"scenes.{key}"
        choices = scene.get("choices", [])
        if scene.get("ending") and choices:
            err("an ending cannot offer choices; remove them or drop 'ending: true'",
                key, f"{base}.choices")
        if not scene.get("ending") and not choices:
            err("dead end: this scene has no choices and is not marked 'ending: true'",
                key, f"{base}.choices")
        for i, choice in enumerate(choices):
            where = f"{base}.choices[{i}]"
            if choice["goto"] not in scenes:
                err(f"choice {i + 1} goes to unknown scene '{choice['goto']}'", key,
                    f"{where}.goto")
            for name in choice.get("effects", {}):
                if name not in indicators:
                    known = ", ".join(sorted(indicators))
                    err(f"unknown indicator '{name}' (known: {known})", key,
                        f"{where}.effects.{name}")
    setting = data.get("setting")
    if setting is not None:
        declared = set(data.get("placeholders", {}))
        named = [("role_institution", setting["role_institution"])]
        named += [(f"outside_parties[{i}]", key)
                  for i, key in enumerate(setting["outside_parties"])]
        for fld, key in named:
            if key not in declared:
                err(f"'{key}' is not a declared placeholder", None, f"setting.{fld}")
        if setting["role_institution"] in setting["outside_parties"]:
            err("the player's own institution cannot also be an outside party", None,
                "setting.outside_parties")
    if data["start"] not in scenes:
        return errors
    graph = _graph(scenes)
    reachable = _reachable(data["start"], graph)
    for key in scenes:
        if key not in reachable:
            err("unreachable: no choice leads here from the start scene", key, f"scenes.{key}")
    endings = {key for key, scene in scenes.items() if scene.get("ending")}
    can_end = _can_end(graph, endings)
    for key in scenes:
        has_choices = bool(scenes[key].get("choices"))
        if key in reachable and key not in can_end and has_choices:
            err("a cycle with no way out: no sequence of choices from here reaches an ending",
                key, f"scenes.{key}.choices")
    return errors


def _is_id(key: str, where: list[object]) -> bool:
    # Keys of the scenes/indicators maps are names a trainer chose, so "start" may be a scene.
    if len(where) == 1 and where[0] in ("scenes", "indicators"):
        return False
    # The debrief tells the real story and the setting lists names: no cohort rewrites them.
    return key in _ID_FIELDS or (not where and key in ("placeholders", "setting", "debrief"))


def _at_sentence_start(value: str, text: str, start: int) -> str:
    """``value`` with a capital first letter when it opens a sentence of ``text`` at ``start``.

    A first word already mixing cases ("eGov") is a name written as its owner spells it: kept.
    """
    first_word = value.split(maxsplit=1)[0] if value.strip() else ""
    if first_word.islower() and _SENTENCE_START.search(text[:start]):
        return value[:1].upper() + value[1:]
    return value


def _fill(value: Any, names: Mapping[str, str], where: list[object], path: Path | None) -> Any:
    if isinstance(value, str):
        def sub(match: re.Match[str]) -> str:
            name = match.group(1)
            if name not in names:
                scene = str(where[1]) if len(where) > 1 and where[0] == "scenes" else None
                known = ", ".join(sorted(names)) or "none declared"
                raise ScenarioError(
                    f"unknown placeholder {{{name}}} (declared under 'placeholders': {known})",
                    path=path, scene=scene, field=_field_path(where),
                )
            return _at_sentence_start(names[name], match.string, match.start())
        return _PLACEHOLDER.sub(sub, value)
    if isinstance(value, list):
        return [_fill(v, names, [*where, i], path) for i, v in enumerate(value)]
    if isinstance(value, dict):
        return {k: v if _is_id(k, where) else _fill(v, names, [*where, k], path)
                for k, v in value.items()}
    return value


def _check_overrides(
    overrides: Mapping[str, object], declared: Mapping[str, str], path: Path | None
) -> dict[str, str]:
    clean: dict[str, str] = {}
    for key, value in overrides.items():
        if key not in declared:
            known = ", ".join(sorted(declared)) or "none"
            raise InputError(
                f"'{key}' is not a placeholder of this scenario (it declares: {known})",
                path=path, field=f"scenario_overrides.{key}",
            )
        if not isinstance(value, str) or not value.strip():
            raise InputError("an override must be non-empty text", path=path,
                             field=f"scenario_overrides.{key}", value=value)
        clean[key] = value
    return clean


def read_yaml(path: Path) -> object:
    """The parsed scenario file: strict YAML, read through the one input layer."""
    return inputs.load_yaml(path, what="scenario file").data


def check(data: object, path: Path | None = None) -> list[ScenarioError]:
    """Every problem in a scenario definition (empty list when it is valid)."""
    errors = schema_errors(data, path)
    if errors:
        return errors
    assert isinstance(data, dict)
    errors = semantic_errors(data, path)
    if errors:
        return errors
    try:
        _fill(data, data.get("placeholders", {}), [], path)
    except ScenarioError as error:
        return [error]
    return []


def _build(data: Mapping[str, Any], path: Path | None) -> Scenario:
    indicators = {
        key: Indicator(key, spec["label"], spec["start"], spec.get("description", ""))
        for key, spec in data["indicators"].items()
    }
    scenes = {
        key: Scene(
            key=key,
            text=spec["text"].strip(),
            title=spec.get("title", ""),
            ending=bool(spec.get("ending", False)),
            outcome=spec.get("outcome", ""),
            choices=tuple(
                Choice(c["label"], c["goto"], c["feedback"].strip(), c["twp"].strip(),
                       dict(c.get("effects", {})), c.get("stance", ""))
                for c in spec.get("choices", [])
            ),
        )
        for key, spec in data["scenes"].items()
    }
    return Scenario(
        id=data["id"], title=data["title"], summary=data["summary"].strip(),
        indicators=indicators, start=data["start"], scenes=scenes,
        reflection_questions=tuple(q.strip() for q in data["reflection_questions"]),
        sources=tuple(data.get("sources", [])), fictional_note=data.get("fictional_note", ""),
        characters=tuple(Character(c["name"], c["role"]) for c in data.get("characters", [])),
        placeholders=dict(data.get("placeholders", {})), path=path,
        setting=_setting(data.get("setting")), real_story=_real_story(data.get("debrief")),
    )


def _setting(spec: Mapping[str, Any] | None) -> Setting | None:
    if spec is None:
        return None
    return Setting(spec["role"].strip(), spec["role_institution"],
                   tuple(spec["outside_parties"]), tuple(spec["fictional_entities"]),
                   tuple(spec.get("real_allowed", [])))


def _real_story(spec: Mapping[str, Any] | None) -> RealStory | None:
    if spec is None:
        return None
    return RealStory(spec["what_really_happened"].strip(), tuple(spec["sources"]),
                     spec["literature_disagrees"].strip(), tuple(spec["literature_sources"]),
                     tuple(spec["real_names"]))


def scenario_from_data(
    data: object, *, path: Path | None = None, overrides: Mapping[str, object] | None = None
) -> Scenario:
    """Validate a parsed definition and fill its placeholders; raise the first problem."""
    errors = check(data, path)
    if errors:
        raise errors[0]
    assert isinstance(data, dict)
    declared = dict(data.get("placeholders", {}))
    names = {**declared, **_check_overrides(overrides or {}, declared, path)}
    return _build(_fill(data, names, [], path), path)


def load_scenario(
    path: str | Path, overrides: Mapping[str, object] | None = None, *,
    language: str | None = None,
) -> Scenario:
    """Load, validate and personalise one scenario.

    ``overrides`` replaces placeholder values for a cohort, e.g. ``{"country": "Kenya"}``.
    A shipped scenario is read in ``language`` (default: the learner's), from its checked
    translation in ``data/i18n/<lang>/scenarios/``.
    Raises ``DefinitionError`` (file, scene and field named) for a broken definition and
    ``InputError`` for an override that names no placeholder.
    """
    from ogp_curriculum.i18n.trainer_yaml import localized

    path = localized(path, language)
    return scenario_from_data(read_yaml(path), path=path, overrides=overrides)


def shipped_scenarios() -> list[Path]:
    """The scenario files that come with the book."""
    from ogp_curriculum.paths import data_dir

    return sorted((data_dir() / "scenarios").glob("*.yml"))
