"""Errors a learner or trainer can act on: each names the file, the field and the row."""

from __future__ import annotations

import re
from pathlib import Path

# An error is one line a person reads: never longer than this, whatever the input held.
MAX_LINE = 400
_VALUE_CHARS = 60
_CONTROL = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


def one_line(text: str, limit: int = MAX_LINE) -> str:
    """``text`` on one line (control characters escaped), cut to ``limit`` characters."""
    if len(text) > limit * 4:
        text = text[: limit * 4]  # bound the work below on huge input
    flat = _CONTROL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


class UserError(Exception):
    """A problem the user can fix: reported in one line on stderr, exit code 2."""


class InputError(ValueError):
    """Bad input, reported as one readable line: where it is, then what is wrong."""

    def __init__(
        self,
        message: str,
        *,
        path: str | Path | None = None,
        field: str | None = None,
        row: int | str | None = None,
        value: object = None,
    ) -> None:
        self.path = Path(path) if path is not None else None
        self.field = field
        self.row = row
        self.value = value
        self.message = message
        super().__init__(self._render())

    def _render(self) -> str:
        where = []
        if self.path is not None:
            where.append(str(self.path))
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.field is not None:
            where.append(f"field '{self.field}'")
        text = self.message
        if self.value is not None:
            value = self.value
            if isinstance(value, dict | list | tuple | set | frozenset):
                shown = f"{type(value).__name__} of {len(value)} item(s)"
            else:
                shown = repr(value[: _VALUE_CHARS + 1] if isinstance(value, str | bytes)
                             else value)
            if len(shown) > _VALUE_CHARS:
                shown = shown[: _VALUE_CHARS - 1] + "…"
            text += f" (got {shown})"
        return one_line(f"{', '.join(where)}: {text}" if where else text)


class DefinitionError(InputError):
    """A trainer-editable YAML/JSON definition breaks its schema or its rules."""
