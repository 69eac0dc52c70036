"""Translations of the trainer YAML: where they live, the structure-parity check, the loaders' door.

A translation is a full copy of an English definition with only its human text translated, at
``data/i18n/<lang>/<kind>/<same file name>`` (e.g. ``data/i18n/fr/quizzes/03_twp.yml``).
Which fields are human text is declared in the JSON Schemas, never guessed:

* ``"x-translatable": true`` marks a string a translator rewrites;
* ``"x-proper-name": true`` marks a name that may stay as it is in English (a person, a real
  institution).

Everything else (ids, scene keys, ``goto``, effects, minutes, ``correct`` flags, ``source``
keys, page references) must be equal to the English, with the same keys, the same list
lengths and the same list order. A text must keep the English's ``{placeholders}``. A text
identical to the English is allowed only for a declared name or a short text (at most
:data:`SAME_WORDS` words: an acronym, a place, "Budget"); identical texts are counted and
reported as the untranslated share.

Every problem is one :class:`TranslationError` line naming the file, the language and the
field path; files are read through :mod:`ogp_curriculum.inputs` (safe reads, strict YAML) and
the translation is validated against the same schema as the English.

Loaders call :func:`localized`: for English, or a file outside the book's definition folders,
it returns the path unchanged; for French or Spanish it returns the translation once its
parity holds (a broken translation raises its first problem), and when the translation is
missing it warns once (:class:`MissingTranslation`) and returns the English file, so a learner
still gets a working page. The test suite treats a missing translation as an error.
"""

from __future__ import annotations

import re
import sys
import warnings
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ogp_curriculum import inputs
from ogp_curriculum.errors import DefinitionError, InputError, one_line
from ogp_curriculum.i18n import (
    LANGUAGES,
    SOURCE_LANGUAGE,
    UnknownLanguage,
    check_language,
    current_language,
)

# Folder of each kind under data/, and the schema its files follow.
KINDS: dict[str, str] = {
    "scenarios": "scenario",
    "quizzes": "quiz",
    "worksheets": "worksheet",
    "reflections": "reflection_options",
    "agendas": "agenda",
}
# The reflections folder also holds hand-ins (demo_cohort/); only these files are translated.
_KIND_FILES: dict[str, tuple[str, ...]] = {"reflections": ("options.yaml",)}
SUFFIXES = (".yml", ".yaml")
I18N_FOLDER = "i18n"
TRANSLATABLE = "x-translatable"
PROPER_NAME = "x-proper-name"
# A text of at most this many words may equal the English (names, acronyms, "Budget").
SAME_WORDS = 3
_PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


class TranslationError(DefinitionError):
    """One problem in one translation: ``<file>:<line> (<lang>): <field>: <what is wrong>``."""

    def __init__(self, message: str, *, path: str | Path, language: str,
                 field: str = "(file)", row: int | None = None) -> None:
        self.language = language  # set first: super().__init__ renders the line
        super().__init__(message, path=path, field=field, row=row)

    def _render(self) -> str:
        where = f"{self.path}:{self.row}" if self.row is not None else str(self.path)
        return one_line(f"{where} ({self.language}): {self.field}: {self.message}")


class MissingTranslation(UserWarning):
    """A definition has no translation in the learner's language; English is shown instead."""


@dataclass(frozen=True)
class Located:
    """Where a translation sits: its language, kind, and the English file it translates."""

    path: Path
    language: str
    kind: str
    english: Path


@dataclass
class ParityReport:
    """The outcome of checking one translation."""

    located: Located
    problems: list[TranslationError] = field(default_factory=list)
    texts: int = 0  # translatable texts in the file
    same: int = 0  # of which identical to the English (names, acronyms, untranslated)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def untranslated_share(self) -> float:
        return self.same / self.texts if self.texts else 0.0


# --- where translations live -----------------------------------------------------------


def locate(path: str | Path) -> Located:
    """Read language and kind from ``…/i18n/<lang>/<kind>/<file>``; the English file beside it.

    The English file is ``…/<kind>/<file>`` under the folder that holds ``i18n/``.
    """
    source = Path(path)
    parts = source.parts
    if len(parts) < 4 or parts[-4] != I18N_FOLDER:
        raise InputError(
            f"not a translation: expected {I18N_FOLDER}/<language>/<kind>/<file> "
            f"(kinds: {', '.join(KINDS)})", path=source)
    language, kind = parts[-3], parts[-2]
    if language not in LANGUAGES or language == SOURCE_LANGUAGE:
        raise InputError(
            f"{language!r} is not a translation language "
            f"({', '.join(x for x in LANGUAGES if x != SOURCE_LANGUAGE)})", path=source)
    if kind not in KINDS:
        raise InputError(f"{kind!r} is not a kind of trainer file ({', '.join(KINDS)})",
                         path=source)
    english = source.parents[3] / kind / source.name
    return Located(source, language, kind, english)


def is_translatable_file(path: Path) -> bool:
    """Whether ``path`` is a book definition that has translations (by its folder and name)."""
    kind = path.parent.name
    if kind not in KINDS or path.suffix not in SUFFIXES:
        return False
    return path.name in _KIND_FILES.get(kind, (path.name,))


def translation_path(english: str | Path, language: str) -> Path | None:
    """Where the ``language`` version of an English definition lives, or None for other files."""
    source = Path(english)
    if not is_translatable_file(source) or _inside_i18n(source):
        return None
    return source.parent.parent / I18N_FOLDER / language / source.parent.name / source.name


def _inside_i18n(path: Path) -> bool:
    return len(path.parts) >= 4 and path.parts[-4] == I18N_FOLDER


def english_files(data: Path) -> list[Path]:
    """Every English definition under ``data`` that must have a translation per language."""
    found: list[Path] = []
    for kind in KINDS:
        folder = data / kind
        for suffix in SUFFIXES:
            found.extend(p for p in folder.glob(f"*{suffix}") if is_translatable_file(p))
    return sorted(found)


def translation_files(data: Path, languages: Sequence[str] | None = None) -> list[Path]:
    """Every translation file present under ``data/i18n`` (for the command line)."""
    chosen = languages or [x for x in LANGUAGES if x != SOURCE_LANGUAGE]
    found: list[Path] = []
    for language in chosen:
        for kind in KINDS:
            folder = data / I18N_FOLDER / language / kind
            for suffix in SUFFIXES:
                found.extend(folder.glob(f"*{suffix}"))
    return sorted(found)


# --- the schema: which values are text ---------------------------------------------------


def _resolve(node: Any, root: dict[str, Any]) -> dict[str, Any]:
    """``node`` with its ``$ref`` chain merged in (the referring node's keywords win)."""
    merged: dict[str, Any] = dict(node) if isinstance(node, dict) else {}
    seen: set[str] = set()
    while isinstance(merged.get("$ref"), str):
        ref: str = merged.pop("$ref")
        if ref in seen or not ref.startswith("#/"):
            break
        seen.add(ref)
        target: Any = root
        for part in ref[2:].split("/"):
            target = target.get(part, {}) if isinstance(target, dict) else {}
        merged = {**(target if isinstance(target, dict) else {}), **merged}
    return merged


def _child(schema: dict[str, Any], key: object) -> Any:
    """The schema of a mapping's value or a list's item."""
    if isinstance(key, int):
        return schema.get("items", {})
    properties = schema.get("properties", {})
    if key in properties:
        return properties[key]
    extra = schema.get("additionalProperties", {})
    return extra if isinstance(extra, dict) else {}


def texts(data: Any, schema_name: str) -> list[tuple[list[object], str]]:
    """Every translatable text of a parsed definition, with its path (for tools and tests)."""
    root = inputs.load_schema(schema_name)
    found: list[tuple[list[object], str]] = []

    def visit(value: Any, node: Any, parts: list[object]) -> None:
        schema = _resolve(node, root)
        if schema.get(TRANSLATABLE) is True and isinstance(value, str):
            found.append((parts, value))
        elif isinstance(value, dict):
            for key, item in value.items():
                visit(item, _child(schema, key), [*parts, key])
        elif isinstance(value, list):
            for index, item in enumerate(value):
                visit(item, _child(schema, index), [*parts, index])

    visit(data, root, [])
    return found


# --- the parity walk -------------------------------------------------------------------


def _kind_of(value: object) -> str:
    if value is None:
        return "empty"
    if isinstance(value, bool):
        return "true or false"
    if isinstance(value, int):
        return "a whole number"
    if isinstance(value, float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _words(text: str) -> list[str]:
    return text.split()


@dataclass
class _Walk:
    root: dict[str, Any]
    problems: list[tuple[list[object], str]] = field(default_factory=list)
    texts: int = 0
    same: int = 0

    def note(self, parts: list[object], message: str) -> None:
        self.problems.append((parts, message))

    def walk(self, english: Any, here: Any, node: Any, parts: list[object]) -> None:
        schema = _resolve(node, self.root)
        if schema.get(TRANSLATABLE) is True and isinstance(english, str):
            self.text(english, here, bool(schema.get(PROPER_NAME)), parts)
            return
        if type(english) is not type(here):
            self.note(parts, f"{_kind_of(english)} in the English, {_kind_of(here)} here")
            return
        if isinstance(english, dict):
            for key in english:
                if key not in here:
                    self.note([*parts, key], "missing here (the English has it)")
            for key in here:
                if key not in english:
                    self.note([*parts, key], "not in the English: remove it or fix its name")
            for key, value in english.items():
                if key in here:
                    self.walk(value, here[key], _child(schema, key), [*parts, key])
        elif isinstance(english, list):
            if len(english) != len(here):
                self.note(parts, f"{len(english)} entries in the English, {len(here)} here")
                return
            for index, (left, right) in enumerate(zip(english, here, strict=True)):
                self.walk(left, right, _child(schema, index), [*parts, index])
        elif english != here:
            self.note(parts, f"{inputs.shorten(english)} in the English, "
                             f"{inputs.shorten(here)} here")

    def text(self, english: str, here: Any, name: bool, parts: list[object]) -> None:
        if not isinstance(here, str):
            self.note(parts, f"text in the English, {_kind_of(here)} here")
            return
        self.texts += 1
        wanted, given = sorted(_PLACEHOLDER.findall(english)), sorted(_PLACEHOLDER.findall(here))
        if wanted != given:
            self.note(parts, f"placeholders {' '.join(wanted) or '(none)'} in the English, "
                             f"{' '.join(given) or '(none)'} here: keep them as they are")
        if _words(english) == _words(here):
            self.same += 1
            if not name and len(_words(english)) > SAME_WORDS:
                self.note(parts, f"the same as the English ({len(_words(english))} words): "
                                 "translate it (only names and texts of at most "
                                 f"{SAME_WORDS} words may stay in English)")


def _read(path: Path, *, language: str,
          what: str) -> tuple[inputs.YamlDocument | None, TranslationError | None]:
    try:
        document = inputs.load_yaml(path, what=what)
    except InputError as error:
        row = error.row if isinstance(error.row, int) else None
        return None, TranslationError(error.message, path=path, language=language, row=row)
    if document.data is None:  # one clear line, not a schema error and a parity error
        return None, TranslationError(f"the {what} is empty (an interrupted save or upload?)",
                                      path=path, language=language)
    return document, None


def check_translation(path: str | Path) -> ParityReport:
    """Every problem of one translation, schema first, then parity, in file order."""
    located = locate(path)
    report = ParityReport(located)
    language = located.language

    def problem(message: str, parts: Sequence[object], doc: inputs.YamlDocument | None,
                target: Path = located.path) -> TranslationError:
        row = doc.line(parts) if doc is not None else None
        return TranslationError(message, path=target, language=language,
                                field=inputs.field_path(parts), row=row)

    doc, error = _read(located.path, language=language, what=f"{language} translation")
    if error is not None:
        report.problems.append(error)
        return report
    assert doc is not None
    if not located.english.is_file():
        report.problems.append(TranslationError(
            f"no English file {located.english} to translate (a renamed or removed file?)",
            path=located.path, language=language))
        return report
    english, error = _read(located.english, language=language, what="English file")
    if error is not None:
        report.problems.append(error)
        return report
    assert english is not None
    schema_name = KINDS[located.kind]
    for found in inputs.schema_errors(doc.data, schema_name):
        parts: list[object] = list(found.absolute_path)
        missing = inputs.missing_property(found)
        report.problems.append(problem(inputs.message(found),
                                       [*parts, *([missing] if missing else [])], doc))
    walk = _Walk(inputs.load_schema(schema_name))
    walk.walk(english.data, doc.data, walk.root, [])
    report.texts, report.same = walk.texts, walk.same
    seen = {(p.field, p.message) for p in report.problems}
    for where, message in walk.problems:
        made = problem(message, where, doc)
        if (made.field, made.message) not in seen:
            report.problems.append(made)
    return report


# --- the loaders' door -----------------------------------------------------------------


_warned: set[tuple[str, str]] = set()


def localized(path: str | Path, language: str | None = None) -> Path:
    """The file a loader reads for ``language`` (default: the learner's current language).

    English, or a file that is not one of the book's definitions: ``path`` itself. French or
    Spanish: the translation, once its structure matches the English (else its first problem
    is raised as a :class:`TranslationError`). A missing translation: one
    :class:`MissingTranslation` warning, then the English file.
    """
    source = Path(path)
    try:
        chosen = check_language(language) if language is not None else current_language()
    except UnknownLanguage as error:  # a typo in a notebook parameter or in OGP_LANG
        raise InputError(str(error), field="language") from None
    if chosen == SOURCE_LANGUAGE:
        return source
    target = translation_path(source, chosen)
    if target is None:
        return source
    if not target.exists() and not target.is_symlink():
        key = (str(target), chosen)
        if key not in _warned:
            _warned.add(key)
            # Reported at the missing file (which has no line to quote), so the warning is
            # one line that names what to translate.
            warnings.warn_explicit(
                f"no {chosen} translation of {source.name}; showing the English",
                MissingTranslation, filename=str(target), lineno=1,
                module="ogp_curriculum.i18n.trainer_yaml")
        return source
    report = check_translation(target)
    if report.problems:
        raise report.problems[0]
    return target


# --- command line ----------------------------------------------------------------------


def register_cli(i18n: Any) -> None:
    """``i18n check-yaml`` (the group is made by :mod:`ogp_curriculum.i18n.cli`)."""
    check = i18n.add_parser(
        "check-yaml",
        help="check translated trainer YAML (data/i18n/<lang>/<kind>/<file>) against the English")
    check.add_argument("files", nargs="*", type=Path, metavar="FILE",
                       help="translations to check (default: every one under data/i18n/)")
    check.add_argument("--complete", action="store_true",
                       help="also fail when an English file has no fr or es translation")
    check.set_defaults(func=_check_yaml_command)


def missing_translations(data: Path) -> list[str]:
    """One line per English definition without a translation, per language."""
    lines = []
    for english in english_files(data):
        for language in LANGUAGES:
            target = translation_path(english, language) if language != SOURCE_LANGUAGE else None
            if target is not None and not target.exists():
                lines.append(f"{target} ({language}): missing: no translation of {english}")
    return lines


def _check_glossary(data: Path) -> bool:
    """The terminology file, when present, checked with the translations; True if broken."""
    from ogp_curriculum.i18n.glossary import load_glossary, verified_share

    path = data / I18N_FOLDER / "glossary.yml"
    if not path.exists():
        return False
    try:
        terms = load_glossary(path)
    except InputError as error:
        print(f"error: {error}", file=sys.stderr)
        return True
    shares = ", ".join(f"{lang} {verified_share(terms, lang):.0%}" for lang in ("fr", "es"))
    print(f"{path}: ok, {len(terms)} terms, verified against public sources: {shares}")
    return False


def _check_yaml_command(args: Any) -> int:
    from ogp_curriculum.paths import data_dir

    data = data_dir()
    files: list[Path] = list(args.files) or translation_files(data)
    for path in files:
        locate(path)  # a file outside the layout is bad input (exit 2, one line)
    failed = False
    for path in files:
        report = check_translation(path)
        for problem in report.problems:
            print(f"error: {problem}", file=sys.stderr)
        failed = failed or not report.ok
        if report.ok:
            print(f"{path} ({report.located.language}): ok, {report.texts} texts, "
                  f"{report.same} the same as the English "
                  f"({report.untranslated_share:.0%} untranslated)")
    if not args.files:
        failed = _check_glossary(data) or failed
    if not files:
        print(f"no translations under {data / I18N_FOLDER}")
    missing = missing_translations(data) if args.complete else []
    for line in missing:
        print(f"error: {line}", file=sys.stderr)
    # 2: a translation to fix (bad input, as for the English files); 1: some are missing.
    return 2 if failed else (1 if missing else 0)
