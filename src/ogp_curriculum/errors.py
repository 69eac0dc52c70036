"""Errors a learner or trainer can act on: each names the file, the field and the row."""

from __future__ import annotations

from pathlib import Path


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
            text += f" (got {self.value!r})"
        return f"{', '.join(where)}: {text}" if where else text


class DefinitionError(InputError):
    """A trainer-editable YAML/JSON definition breaks its schema or its rules."""
