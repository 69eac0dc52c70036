"""Fiction in the scenes, facts in the debrief: find where a rendering contradicts itself.

A scenario is set in a fictional country with fictional institutions; its ``debrief`` tells
what really happened and lists the real names it uses (``debrief.real_names``). A cohort may
rename places and offices through placeholders. This module renders a scenario's text with a
cohort's overrides and reports, in one line each, every way the result can go wrong:

- a real name from the debrief, or a real country's name, written into the scene text itself
  (only a placeholder a cohort fills may bring a real name in);
- a default placeholder value that is a proper name but not declared fictional;
- an override that puts one of the debrief's real names into the fiction, so that the story
  would say something about that real place or office that the debrief contradicts;
- the player's own institution rendered with the same name as an outside party, or any two
  placeholders rendered with the same name (two "different" actors that are one).

``assertive_wins`` lists the scenes where a choice marked ``stance: assertive`` scores best,
so a test can check that the scores do not always reward consultation.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from functools import cache, lru_cache
from typing import Any

import pycountry

from ogp_curriculum.scenarios.model import _PLACEHOLDER

# Top-level fields that are not shown as scene text or that hold identifiers.
_NOT_SCENE_TEXT = frozenset(
    {"id", "sources", "placeholders", "setting", "debrief", "start"}
)
_SKIP_KEYS = frozenset({"goto", "effects", "outcome", "ending", "stance"})


@cache
def real_country_names() -> frozenset[str]:
    """Names of real countries (official, common and short), for the scene-text check."""
    names: set[str] = set()
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value and "," not in value:
                names.add(value)
    return frozenset(names)


def _bounded(first: str, rest: str, flags: int = 0) -> re.Pattern[str]:
    r"""The regex ``first`` then ``rest`` (``first`` one character) as a whole word.

    ``F(?<!\wF)`` is ``(?<!\w)F``, the character before F not a word character, with F
    first, so the regex engine can skip ahead to F: the scene check runs about 40 times faster.
    """
    if not first:
        return re.compile(rf"(?<!\w){rest}(?!\w)", flags)
    return re.compile(rf"{first}(?<!\w{first}){rest}(?!\w)", flags)


# Compiled once per name: the scene check tries every country name on every scene text.
@lru_cache(maxsize=4096)
def _whole_word(name: str) -> re.Pattern[str]:
    return _bounded(re.escape(name[:1]), re.escape(name[1:]), re.IGNORECASE)


@lru_cache(maxsize=4096)
def _proper_name(name: str) -> re.Pattern[str]:
    first, rest = name[:1], name[1:]
    if not first.isupper():
        return _whole_word(name)
    return _bounded(re.escape(first), f"(?i:{re.escape(rest)})")


def _contains(text: str, name: str) -> bool:
    return _whole_word(name).search(text) is not None


def _names(text: str, name: str) -> bool:
    """Whether authored prose ``text`` uses the proper name ``name`` as a whole word.

    A name that starts with a capital must start with one in the text too, so a lower-case
    common noun ("réunion", "china") never matches the place ("Réunion", "China"); the rest
    of the name may differ in case ("Mer-link" for "Mer-Link"). Cohort overrides, typed by hand,
    are still matched with ``_contains`` in any case.
    """
    return _proper_name(name).search(text) is not None


def _normal(value: str) -> str:
    value = re.sub(r"\((fictional|ficticia|ficticio|fictif|fictive)\)", "", value, flags=re.I)
    value = re.sub(r"^\s*(the|la|el|le|les)\s+", "", value.strip(), flags=re.I)
    return " ".join(value.lower().split())


def scene_texts(data: Mapping[str, Any]) -> Iterator[tuple[str, str]]:
    """Every text a learner sees before the debrief, as (field path, raw template)."""

    def walk(value: Any, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(value, str):
            yield where, value
        elif isinstance(value, list):
            for i, item in enumerate(value):
                yield from walk(item, f"{where}[{i}]")
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in _SKIP_KEYS:
                    yield from walk(item, f"{where}.{key}" if where else str(key))

    for key, value in data.items():
        if key not in _NOT_SCENE_TEXT:
            yield from walk(value, key)


def _real_names(data: Mapping[str, Any]) -> list[str]:
    return list(data.get("debrief", {}).get("real_names", []))


def _allowed(data: Mapping[str, Any]) -> list[str]:
    return list(data.get("setting", {}).get("real_allowed", []))


def _template_problems(data: Mapping[str, Any]) -> list[str]:
    """Real names written into the scenes themselves, outside any placeholder."""
    out: list[str] = []
    names = _real_names(data) + sorted(real_country_names())
    allowed = _allowed(data)
    texts = [(where, _PLACEHOLDER.sub(" ", text)) for where, text in scene_texts(data)]
    # Only names found somewhere are looked for text by text. The separator is not a word
    # character (so each text's edges match as a string's would) and is in no name.
    everywhere = "\n\0\n".join(bare for _, bare in texts)
    names = [name for name in names if _names(everywhere, name)]
    for where, bare in texts:
        for name in names:
            if _names(bare, name) and not any(_contains(a, name) for a in allowed):
                out.append(f"{where}: names the real '{name}' in scene text; real names "
                           "belong in the debrief")
    return out


def _default_problems(data: Mapping[str, Any]) -> list[str]:
    """Default placeholder values are fictional (declared) or generic lower-case words."""
    out: list[str] = []
    fictional = data.get("setting", {}).get("fictional_entities", [])
    reals = _real_names(data) + sorted(real_country_names())
    for key, value in data.get("placeholders", {}).items():
        for name in reals:
            if _names(value, name):
                out.append(f"placeholders.{key}: default '{value}' is the real '{name}'; "
                           "defaults must be fictional")
        # A capital letter outside the "(fictional)" label marks a proper name.
        proper = re.search(r"\b[A-Z]", re.sub(r"\([^)]*\)", "", value))
        declared = any(_contains(value, f) for f in fictional)
        if proper and not declared:
            out.append(f"placeholders.{key}: default '{value}' is a proper name not listed "
                       "under setting.fictional_entities")
    return out


def _override_problems(data: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    defaults = data.get("placeholders", {})
    for key, value in names.items():
        if value == defaults.get(key):
            continue
        for real in _real_names(data):
            if _contains(value, real):
                out.append(f"override {key}='{value}' puts '{real}', a real name from the "
                           "debrief, into the fiction: the scenes would contradict what "
                           "really happened there")
    return out


def _role_problems(data: Mapping[str, Any], names: Mapping[str, str]) -> list[str]:
    out: list[str] = []
    setting = data.get("setting")
    if setting is None:
        return ["no 'setting' block: the player's role and the fictional names are undeclared"]
    role = setting["role_institution"]
    for party in setting["outside_parties"]:
        if role == party or _normal(names.get(role, "")) == _normal(names.get(party, "")):
            out.append(f"the player's institution {{{role}}} ('{names.get(role)}') is also the "
                       f"outside party {{{party}}}")
    seen: dict[str, str] = {}
    for key, value in names.items():
        norm = _normal(value)
        if norm in seen:
            out.append(f"placeholders {{{seen[norm]}}} and {{{key}}} both render as "
                       f"'{value}': two actors in the story would be one")
        seen.setdefault(norm, key)
    return out


def assertive_wins(data: Mapping[str, Any]) -> list[str]:
    """Scenes where an assertive choice has the best total effect (strictly)."""
    wins: list[str] = []
    for key, scene in data.get("scenes", {}).items():
        choices = scene.get("choices", [])

        def total(choice: Mapping[str, Any]) -> int:
            return sum(choice.get("effects", {}).values())

        assertive = [total(c) for c in choices if c.get("stance") == "assertive"]
        others = [total(c) for c in choices if c.get("stance") != "assertive"]
        if assertive and others and max(assertive) > max(others):
            wins.append(key)
    return wins


def problems(data: Mapping[str, Any], overrides: Mapping[str, str] | None = None) -> list[str]:
    """Every contradiction in the scenario rendered with ``overrides`` (empty when none)."""
    names = {**data.get("placeholders", {}), **(overrides or {})}
    found = _template_problems(data) + _default_problems(data)
    found += _override_problems(data, names) + _role_problems(data, names)
    if "debrief" not in data:
        found.append("no 'debrief' block: what really happened is not told, with sources")
    return found
