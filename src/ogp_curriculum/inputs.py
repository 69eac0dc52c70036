"""The one door every input comes through: files, YAML, JSON and JSON Schema checks.

Everything a trainer or learner hands the book is hostile until proven otherwise, so each
reader here refuses, with one ``InputError`` naming the file (and line or field):

* anything that is not a regular file (a folder, a FIFO, ``/dev/zero``), opened without
  blocking so a FIFO can never hang the reader;
* files over a size limit, or not UTF-8 (a UTF-8 byte-order mark is accepted);
* YAML with duplicate keys, recursive aliases or aliases that expand past a bound (a
  "billion laughs" bomb), and YAML or JSON nested too deeply.

Text is normalised to Unicode NFC, so "Côte d'Ivoire" typed decomposed (as macOS does)
compares equal to the composed spelling. Schema problems come back in file order, with
messages that never copy a long value.
"""

from __future__ import annotations

import json
import os
import stat
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import yaml

from ogp_curriculum.errors import DefinitionError, InputError

MB = 1024 * 1024
# Trainer definitions (scenarios, quizzes, cohorts, option lists) are a few KB.
DEFINITION_LIMIT = 2 * MB
# A hand-in or a saved progress file: a few KB of answers; 2 MB is a generous ceiling.
SAVED_LIMIT = 2 * MB
# The largest tidy IRM table is under 0.5 MB.
TABLE_LIMIT = 50 * MB
# Deeper nesting than this is no definition the book writes, only an attack or an accident.
MAX_DEPTH = 64
# Nodes a YAML document may expand to once aliases are followed.
MAX_YAML_NODES = 100_000
# Longest value shown in a message.
SHOWN_CHARS = 60


def shorten(value: object, limit: int = SHOWN_CHARS) -> str:
    """``repr`` of ``value``, cut to ``limit`` characters, so no message copies a huge value."""
    if isinstance(value, str | int | float | bool) or value is None:
        text = repr(value[: limit + 1] if isinstance(value, str) else value)
    elif isinstance(value, dict):
        text = f"a mapping of {len(value)} field(s)"
    elif isinstance(value, list | tuple):
        text = f"a list of {len(value)} item(s)"
    else:
        text = type(value).__name__
    return text if len(text) <= limit else text[: limit - 1] + "…"


def cut(text: str, limit: int = 200) -> str:
    """Plain text cut to ``limit`` characters (for lists of allowed values)."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


# --- files ------------------------------------------------------------------------------


def _os_reason(error: OSError) -> str:
    if isinstance(error, FileNotFoundError):
        return "no such file (or a link to a file that is gone)"
    if isinstance(error, PermissionError):
        return "permission denied (ask the owner to make it readable)"
    if isinstance(error, IsADirectoryError):
        return "a folder, not a file"
    return f"cannot read it ({error.strerror or type(error).__name__})"


def read_bytes(path: str | Path, *, what: str = "file", limit: int = DEFINITION_LIMIT) -> bytes:
    """The bytes of a regular file of at most ``limit`` bytes; anything else is an InputError.

    The file is opened non-blocking and checked with ``fstat`` before one byte is read, so a
    FIFO, a device (``/dev/zero``) or a folder is refused at once, even through a symlink.
    """
    source = Path(path).expanduser()
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(source, flags)
    except FileNotFoundError:
        gone = " (a link to a file that is gone)" if source.is_symlink() else ""
        raise InputError(f"no such {what}{gone}", path=source) from None
    except OSError as error:
        raise InputError(f"cannot read the {what}: {_os_reason(error)}", path=source) from None
    try:
        info = os.fstat(fd)
        if stat.S_ISDIR(info.st_mode):
            raise InputError(f"a folder, not a {what}", path=source)
        if not stat.S_ISREG(info.st_mode):
            raise InputError(f"not a regular file (a pipe or a device?), so not a {what}",
                             path=source)
        if info.st_size > limit:
            raise _too_large(source, what, info.st_size, limit)
        chunks: list[bytes] = []
        size = 0
        # Read at most limit + 1 bytes: a file growing while we read is still bounded.
        while size <= limit:
            chunk = os.read(fd, min(1 * MB, limit + 1 - size))
            if not chunk:
                break
            chunks.append(chunk)
            size += len(chunk)
        if size > limit:
            raise _too_large(source, what, size, limit)
        return b"".join(chunks)
    except OSError as error:
        raise InputError(f"cannot read the {what}: {_os_reason(error)}", path=source) from None
    finally:
        os.close(fd)


def _too_large(path: Path, what: str, size: int, limit: int) -> InputError:
    return InputError(
        f"the {what} is too large ({size / MB:.1f} MB; the limit is {limit / MB:.0f} MB)",
        path=path,
    )


def decode(data: bytes, *, path: str | Path | None, what: str = "file") -> str:
    """UTF-8 text (a leading byte-order mark dropped), in Unicode NFC."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(
            f"the {what} is not UTF-8 text; re-save it with UTF-8 encoding",
            path=path, row=line,
        ) from None
    return unicodedata.normalize("NFC", text)


def read_text(path: str | Path, *, what: str = "file", limit: int = DEFINITION_LIMIT) -> str:
    """A regular, size-limited UTF-8 file as NFC text."""
    return decode(read_bytes(path, what=what, limit=limit), path=Path(path).expanduser(),
                  what=what)


def nfc(text: str) -> str:
    """``text`` in Unicode NFC, for comparing names typed on different systems."""
    return unicodedata.normalize("NFC", text)


# --- YAML -------------------------------------------------------------------------------


# libyaml's parser when installed (about ten times faster on a large file), else PyYAML's.
_SafeBase: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _StrictLoader(_SafeBase):  # type: ignore[valid-type,misc]
    """SafeLoader that refuses duplicate keys instead of keeping the last one silently."""


def _construct_mapping(loader: _StrictLoader, node: yaml.MappingNode) -> dict[Any, Any]:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node)
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key: construct_mapping refuses it clearly
            break
        if duplicate:
            raise yaml.constructor.ConstructorError(
                None, None, f"duplicate key {shorten(key)}", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node)


_StrictLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


@dataclass(frozen=True)
class YamlDocument:
    """Parsed YAML and its node tree (for the line a JSON path points at)."""

    data: Any
    root: yaml.Node | None

    def line(self, parts: Sequence[object]) -> int | None:
        """1-based line of the deepest node along ``parts``."""
        node = node_at(self.root, parts)
        return node.start_mark.line + 1 if node is not None else None


def node_at(root: yaml.Node | None, parts: Iterable[object]) -> yaml.Node | None:
    """The deepest YAML node along a JSON path."""
    node = root
    for part in parts:
        child: yaml.Node | None = None
        if isinstance(node, yaml.MappingNode):
            child = next((v for k, v in node.value if k.value == part), None)
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int):
            child = node.value[part] if 0 <= part < len(node.value) else None
        if child is None:
            break
        node = child
    return node


def _check_expansion(root: yaml.Node, path: str | Path | None, what: str) -> None:
    """Refuse recursive aliases, deep nesting and alias bombs before anything expands them."""
    sizes: dict[int, int] = {}
    active: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int:
        key = id(node)
        if key in sizes:
            return sizes[key]
        if key in active:
            raise InputError(f"the {what} has a recursive YAML alias", path=path,
                             row=node.start_mark.line + 1)
        if depth > MAX_DEPTH:
            raise InputError(f"the {what} is nested too deeply (more than {MAX_DEPTH} levels)",
                             path=path, row=node.start_mark.line + 1)
        active.add(key)
        total = 1
        if isinstance(node, yaml.SequenceNode):
            total += sum(size(child, depth + 1) for child in node.value)
        elif isinstance(node, yaml.MappingNode):
            total += sum(size(k, depth + 1) + size(v, depth + 1) for k, v in node.value)
        active.discard(key)
        if total > MAX_YAML_NODES:
            raise InputError(
                f"the {what} expands to more than {MAX_YAML_NODES} values (YAML aliases "
                "repeated too often)", path=path, row=node.start_mark.line + 1)
        sizes[key] = total
        return total

    size(root, 0)


def parse_yaml(text: str, *, path: str | Path | None = None, what: str = "file") -> YamlDocument:
    """Strict, bounded YAML: a ``DefinitionError`` with the line for any problem."""
    loader = _StrictLoader(text)
    try:
        root = loader.get_single_node()
        if root is None:
            return YamlDocument(None, None)
        _check_expansion(root, path, what)
        data = loader.construct_document(root)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = getattr(error, "problem", None) or "not valid YAML"
        raise DefinitionError(f"malformed YAML: {problem}", path=path,
                              row=mark.line + 1 if mark is not None else None) from None
    except RecursionError:
        raise DefinitionError(f"the {what} is nested too deeply", path=path) from None
    finally:
        loader.dispose()
    return YamlDocument(data, root)


def load_yaml(path: str | Path, *, what: str = "file",
              limit: int = DEFINITION_LIMIT) -> YamlDocument:
    """Read and parse one YAML file through every check above."""
    source = Path(path).expanduser()
    try:
        text = read_text(source, what=what, limit=limit)
    except DefinitionError:
        raise
    except InputError as error:  # a definition the trainer must fix
        raise DefinitionError(error.message, path=error.path, row=error.row) from None
    return parse_yaml(text, path=source, what=what)


def load_mapping(path: str | Path, *, what: str = "file") -> dict[str, Any]:
    """A YAML file that must hold a mapping of 'key: value' lines."""
    data = load_yaml(path, what=what).data
    if not isinstance(data, dict):
        given = "empty" if data is None else type(data).__name__
        raise DefinitionError(f"a {what} must be a YAML mapping of 'key: value' lines, not "
                              f"{given}", path=Path(path).expanduser(), row=1)
    return data


# --- JSON -------------------------------------------------------------------------------


def _depth_ok(value: Any) -> bool:
    """Whether ``value`` nests at most MAX_DEPTH levels (iterative: no recursion to blow)."""
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        item, depth = stack.pop()
        if depth > MAX_DEPTH:
            return False
        if isinstance(item, dict):
            stack.extend((v, depth + 1) for v in item.values())
        elif isinstance(item, list):
            stack.extend((v, depth + 1) for v in item)
    return True


def parse_json(text: str, *, path: str | Path | None = None, what: str = "file") -> Any:
    """JSON with bounded nesting; an ``InputError`` with the line for any problem."""
    if not text.strip():
        raise InputError("the file is empty (an interrupted save or upload?)", path=path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError as error:
        raise InputError(f"not valid JSON (cut short or damaged): {error.msg}", path=path,
                         row=error.lineno) from None
    except RecursionError:
        data = None
        deep = True
    else:
        deep = not _depth_ok(data)
    if deep:
        raise InputError(f"the {what} is nested too deeply (more than {MAX_DEPTH} levels)",
                         path=path)
    return data


def load_json(path: str | Path, *, what: str = "file", limit: int = SAVED_LIMIT) -> Any:
    source = Path(path).expanduser()
    return parse_json(read_text(source, what=what, limit=limit), path=source, what=what)


def load_saved(path: str | Path, *, format_id: str, what: str) -> tuple[Path, dict[str, Any]]:
    """A learner's saved file: a JSON object whose ``format`` is ``format_id``."""
    source = Path(path).expanduser()
    data = load_json(source, what=what)
    if not isinstance(data, dict) or data.get("format") != format_id:
        raise InputError(f"not a saved {what}", path=source, field="format")
    return source, data


# --- JSON Schema ------------------------------------------------------------------------


@cache
def load_schema(name: str) -> dict[str, Any]:
    """A schema shipped in ``ogp_curriculum/schemas/<name>.schema.json`` (shared; don't edit)."""
    text = resources.files("ogp_curriculum.schemas").joinpath(f"{name}.schema.json").read_text(
        encoding="utf-8")
    data: dict[str, Any] = json.loads(text)
    return data


@cache
def _validator(name: str, formats: bool) -> jsonschema.protocols.Validator:
    schema = load_schema(name)
    cls = jsonschema.validators.validator_for(schema)
    checker = jsonschema.FormatChecker() if formats else None
    return cls(schema, format_checker=checker)


def field_path(parts: Iterable[object]) -> str:
    """``['scenes', 'intro', 'choices', 0]`` -> ``scenes.intro.choices[0]``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text or "(top level)"


def _file_order(data: Any, parts: Sequence[object]) -> tuple[int, ...]:
    """Where a JSON path sits in the file: the position of each key or item along it.

    Parsed mappings keep the file's key order, so this is the order a reader meets them.
    """
    order: list[int] = []
    node = data
    for part in parts:
        if isinstance(node, dict):
            keys = list(node)
            order.append(keys.index(part) if part in keys else len(keys))
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int):
            order.append(part)
            node = node[part] if 0 <= part < len(node) else None
        else:
            break
    return tuple(order)


def missing_property(error: jsonschema.ValidationError) -> str | None:
    """The property a ``required`` error is about (jsonschema names it only in its message)."""
    if error.validator != "required":
        return None
    instance = error.instance if isinstance(error.instance, dict) else {}
    required: Any = error.validator_value
    missing = [name for name in required if name not in instance]
    return str(missing[0]) if missing else None


def message(error: jsonschema.ValidationError) -> str:
    """A short message for one schema error that never copies more than SHOWN_CHARS of a value."""
    # jsonschema types these loosely (``Unset``); they are plain JSON values here.
    kind: Any = error.validator
    expected: Any = error.validator_value
    value: Any = error.instance
    schema: Any = error.schema
    if kind == "required":
        return f"missing {missing_property(error) or 'a required field'}"
    if kind == "type":
        wanted = expected if isinstance(expected, str) else " or ".join(map(str, expected))
        given = "empty" if value is None else type(value).__name__
        return f"must be of type {wanted}, not {given}"
    if kind == "enum":
        allowed = ", ".join(shorten(v, 40) for v in list(expected)[:30])
        return f"{shorten(value)} is not one of: {cut(allowed)}"
    if kind == "const":
        return f"must be {shorten(expected)}, not {shorten(value)}"
    if kind == "pattern":
        return f"{shorten(value)} does not match {shorten(expected)}"
    if kind == "minLength":
        return "must not be empty" if expected == 1 else f"needs at least {expected} characters"
    if kind == "maxLength":
        length = len(value) if isinstance(value, str) else "?"
        return f"is too long ({length} characters; at most {expected})"
    if kind == "minItems":
        return "must not be empty" if expected == 1 else f"needs at least {expected} entries"
    if kind == "maxItems":
        return f"allows at most {expected} entries"
    if kind in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"):
        return f"{shorten(value)} is out of range ({kind} {expected})"
    if kind == "additionalProperties":
        known = sorted(schema.get("properties", {}))
        # The first unknown field in file order, the one the error is sorted by.
        extra = [k for k in value if k not in known] if isinstance(value, dict) else []
        name = shorten(extra[0]) if extra else "a field"
        return f"unknown field {name} (allowed: {cut(', '.join(known))})"
    if kind == "format":
        return f"{shorten(value)} is not a valid {expected}"
    if kind == "uniqueItems":
        return "has the same entry twice"
    # Other keywords (oneOf, contains, ...): jsonschema's text, cut to one short line.
    return cut(" ".join(error.message[:1000].split()))


def schema_errors(data: Any, schema_name: str, *,
                  formats: bool = False) -> list[jsonschema.ValidationError]:
    """Every error of ``data`` against a shipped schema, in the order they appear in the file.

    Call it only on data read through this module: its size and depth are bounded, so the
    messages jsonschema builds stay small.
    """
    try:
        errors = list(_validator(schema_name, formats).iter_errors(data))
    except RecursionError:
        raise InputError("nested too deeply to check") from None
    return sorted(errors, key=lambda e: (_file_order(data, error_position(e)), str(e.validator)))


def error_position(error: jsonschema.ValidationError) -> list[object]:
    """The path an error is about; an unknown field sits where that field is, not its parent."""
    parts: list[object] = list(error.absolute_path)
    schema: Any = error.schema
    if error.validator == "additionalProperties" and isinstance(error.instance, dict):
        extra = [k for k in error.instance if k not in schema.get("properties", {})]
        parts.extend(extra[:1])
    return parts


def first_schema_error(
    data: Any, schema_name: str, *, path: str | Path | None = None, formats: bool = False,
    cls: type[InputError] = DefinitionError, doc: YamlDocument | None = None,
) -> InputError | None:
    """The first problem in file order as one error naming file, field and line, or None."""
    errors = schema_errors(data, schema_name, formats=formats)
    if not errors:
        return None
    return as_input_error(errors[0], path=path, cls=cls, doc=doc)


def as_input_error(error: jsonschema.ValidationError, *, path: str | Path | None,
                   cls: type[InputError] = DefinitionError,
                   doc: YamlDocument | None = None) -> InputError:
    parts = list(error.absolute_path)
    line = doc.line(parts) if doc is not None else None
    missing = missing_property(error)
    return cls(message(error), path=path, field=field_path([*parts, *([missing] if missing
                                                                     else [])]), row=line)

