"""The reflection form as a pure state machine (no ipywidgets here: see :mod:`.view`).

States:

* ``blank``   - no group name yet, so there is no file to save into;
* ``unsaved`` - answers changed and not saved (autosave off, or waiting for a group name);
* ``saved``   - the file on disk holds exactly what the form shows;
* ``error``   - the last save failed; the message says why, the answers stay in the form.

Every change is autosaved once the group has a name (unless ``autosave=False``).
"""

from __future__ import annotations

import copy
import re
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ogp_curriculum.errors import InputError
from ogp_curriculum.files import typed_path
from ogp_curriculum.i18n import _
from ogp_curriculum.reflections import storage
from ogp_curriculum.reflections.schema import (
    LEVELS,
    PICK_FIELDS,
    PROMPTS,
    Options,
    empty_reflection,
    load_options,
)

Clock = Callable[[], datetime]
MAX_VOTE = 1000


def _utc_now() -> datetime:
    return datetime.now(UTC)


def split_countries(text: str | Iterable[str]) -> list[str]:
    """``"Costa Rica; PHL, costa rica"`` -> ``["Costa Rica", "PHL"]`` (order kept, no repeats)."""
    parts = re.split(r"[,;\n]", text) if isinstance(text, str) else list(text)
    seen: set[str] = set()
    result: list[str] = []
    for part in parts:
        name = " ".join(str(part).split())
        if name and name.casefold() not in seen:
            seen.add(name.casefold())
            result.append(name)
    return result


class ReflectionForm:
    """One group's answers, where they are saved, and what the learner should be told."""

    def __init__(
        self,
        options: Options | None = None,
        *,
        folder: str | Path | None = None,
        cohort: str = "",
        autosave: bool = True,
        clock: Clock = _utc_now,
    ) -> None:
        self.options = options or load_options()
        self.folder = Path(folder).expanduser() if folder else storage.default_folder()
        self.autosave = autosave
        self.clock = clock
        self.document: dict[str, Any] = empty_reflection(cohort=cohort)
        self.state = "blank"
        self.message = _("Type your group's name to start saving.")
        self.last_saved: datetime | None = None
        self.last_result: storage.SaveResult | None = None

    # --- reading -------------------------------------------------------------------------
    @property
    def group(self) -> str:
        return self.document["group"]

    @property
    def dirty(self) -> bool:
        return self.state in {"unsaved", "error"} or (self.state == "blank" and self.has_answers())

    def has_answers(self) -> bool:
        """Whether anything besides the group name has been filled in."""
        blank = empty_reflection(self.group, cohort=self.document.get("cohort", ""))
        return {k: v for k, v in self.document.items() if k != "saved_at"} != blank

    def snapshot(self) -> dict[str, Any]:
        """A copy of the answers (the view renders from it)."""
        return copy.deepcopy(self.document)

    # --- changing answers ----------------------------------------------------------------
    def set_group(self, name: str) -> None:
        name = " ".join(name.split())
        if len(name) > 120:
            raise InputError("a group name has at most 120 characters", field="group")
        previous = self.group
        self.document["group"] = name
        # A returning group gets its saved answers back instead of a blank form.
        returning = name and not storage.same_group(name, previous) and not self.has_answers()
        if returning and self._load_existing(name):
            return
        self._changed()

    def set_countries(self, countries: str | Iterable[str]) -> None:
        self.document["countries"] = split_countries(countries)
        self._changed()

    def set_level(self, level: str) -> None:
        if level not in LEVELS:
            raise InputError(
                f"level must be one of {', '.join(LEVELS)}", field="level", value=level
            )
        self.document["level"] = level
        self._changed()

    def set_prompt(self, key: str, text: str) -> None:
        if key not in PROMPTS:
            raise InputError("unknown prompt", field="prompts", value=key)
        self.document["prompts"][key] = text
        self._changed()

    def set_selected(self, field: str, ids: Sequence[str]) -> None:
        if field not in PICK_FIELDS:
            raise InputError("unknown list", field=field)
        known = {o.id for o in self.options.for_field(field)}
        # Ids from an older option list stay allowed, so reloading a file never drops answers.
        known |= set(self.document[field]["selected"])
        unknown = [i for i in ids if i not in known]
        if unknown:
            raise InputError("not an option of this list", field=field, value=unknown[0])
        self.document[field]["selected"] = list(dict.fromkeys(ids))
        self._changed()

    def set_other(self, field: str, text: str) -> None:
        if field not in PICK_FIELDS:
            raise InputError("unknown list", field=field)
        self.document[field]["other"] = text
        self._changed()

    def set_votes(self, rows: Iterable[tuple[str, int]]) -> None:
        """Suggestions to OGP and its partners with their votes; empty suggestions are dropped."""
        votes = []
        for index, (suggestion, count) in enumerate(rows):
            text = " ".join(str(suggestion).split())
            if not text:
                continue
            if not isinstance(count, int) or isinstance(count, bool) or not 0 <= count <= MAX_VOTE:
                raise InputError(
                    f"votes must be a whole number from 0 to {MAX_VOTE}",
                    field=f"priority_votes[{index}].votes",
                    value=count,
                )
            votes.append({"suggestion": text, "votes": count})
        self.document["priority_votes"] = votes
        self._changed()

    def set_folder(self, folder: str | Path) -> None:
        """Save into another folder from now on (the next save writes the answers there)."""
        text = str(folder).strip()
        if not text:
            raise InputError("choose a folder to save into", field="folder")
        self.folder = typed_path(text)
        self._changed()

    # --- saving and loading --------------------------------------------------------------
    def save(self) -> bool:
        """Save now; whether it worked. On failure the answers stay and ``message`` says why."""
        if not self.group:
            self.state = "blank"
            self.message = _("Type your group's name to start saving.")
            return False
        try:
            result = storage.save_reflection(self.folder, self.document, now=self.clock())
        except InputError as error:
            self.state = "error"
            self.message = _("Not saved: {error}").format(error=error)
            return False
        self.document["saved_at"] = result.saved_at.astimezone(UTC).isoformat(timespec="seconds")
        self.last_saved = result.saved_at
        self.last_result = result
        self.state = "saved"
        self.message = _("saved at {time} in {path}").format(time=self.saved_clock(),
                                                             path=result.path)
        return True

    def saved_clock(self) -> str:
        """The last save's local time as HH:MM (what the learner's clock shows)."""
        return self.last_saved.astimezone().strftime("%H:%M") if self.last_saved else ""

    def load(self, group: str | None = None) -> bool:
        """Continue from the saved file of ``group`` (default: the current group name)."""
        name = " ".join((group if group is not None else self.group).split())
        if not name:
            self.message = _("Type your group's name, then load its saved answers.")
            return False
        if self._load_existing(name):
            return True
        if self.state == "error":  # the file exists but is damaged: keep that message
            return False
        self.document["group"] = name
        self.message = _("No saved answers for {group} in {folder}.").format(
            group=repr(name), folder=self.folder)
        return False

    def load_file(self, path: str | Path) -> None:
        """Continue from a given file (e.g. an older version in ``versions/``)."""
        self._adopt(storage.load_reflection(path), loaded_from=Path(path))
        # The file shown is not the group's current file until it is saved again.
        self.state = "unsaved"
        self._changed()

    def _load_existing(self, name: str) -> bool:
        try:
            document = storage.load_group(self.folder, name)
        except InputError as error:
            self.state = "error"
            self.message = _("Could not load the saved answers: {error}").format(error=error)
            return False
        if document is None:
            return False
        self._adopt(document, loaded_from=storage.group_file(self.folder, name))
        self.state = "saved"
        return True

    def _adopt(self, document: dict[str, Any], *, loaded_from: Path) -> None:
        merged = empty_reflection()
        merged.update(copy.deepcopy(document))
        self.document = merged
        saved_at = document.get("saved_at")
        self.last_saved = datetime.fromisoformat(saved_at) if saved_at else None
        self.message = (_("Loaded {path} (saved at {time}).") if self.last_saved
                        else _("Loaded {path}.")).format(path=loaded_from,
                                                         time=self.saved_clock())

    def _changed(self) -> None:
        if not self.group:
            self.state = "blank"
            self.message = _("Type your group's name to start saving.")
            return
        self.state = "unsaved"
        self.message = _("Not saved yet: press Save.")
        if self.autosave:
            self.save()
