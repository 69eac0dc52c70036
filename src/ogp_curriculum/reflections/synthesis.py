"""The plenary: read every group's file in a folder, report what was skipped, summarise.

The merge never drops an answer. A group that handed in twice (different content) keeps both
hand-ins, flagged; only byte-for-byte identical copies (the same file received twice, say by
email and in the shared folder) are skipped, and the skip is reported.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ogp_curriculum import inputs
from ogp_curriculum.errors import InputError
from ogp_curriculum.files import temporary_folder
from ogp_curriculum.i18n import N_, SOURCE_LANGUAGE, _, active_language
from ogp_curriculum.paths import data_dir
from ogp_curriculum.reflections import storage
from ogp_curriculum.reflections.schema import (
    KIND,
    PICK_FIELDS,
    PROMPTS,
    SCHEMA_VERSION,
    Options,
    validate_reflection,
)

OTHER_LABEL = "Other (in the group's own words)"
NO_COUNTRY = "(no country given)"
UNTHEMED = N_("Other")
PICK_TITLES = {
    "challenges": N_("Challenges"),
    "twp_approaches": N_("Thinking-and-working-politically approaches"),
    "support": N_("Support needed"),
}
OTHER_QUESTIONS = {
    "challenges": N_("Other challenges"),
    "twp_approaches": N_("Other approaches"),
    "support": N_("Other support needed"),
}


# Skip reasons that mean a hand-in could not be used (the others are harmless extras).
PROBLEMS = frozenset({"malformed", "foreign", "schema-version", "invalid"})


def demo_folder(language: str | None = None) -> Path:
    """The fictional demo cohort shipped with the book, its hand-ins written in ``language``
    (default: the current one) when a translation exists (``data/i18n/<lang>/reflections/``)."""
    language = language or active_language()
    translated = data_dir() / "i18n" / language / "reflections" / "demo_cohort"
    if language != SOURCE_LANGUAGE and translated.is_dir():
        return translated
    return data_dir() / "reflections" / "demo_cohort"


def working_folder(reflections_dir: str | Path = "") -> Path:
    """The folder the plenary reads and adds uploads to.

    Empty means the demo cohort, copied into a new temporary folder so that uploads and
    experiments never write into the book's own files.
    """
    if str(reflections_dir).strip():
        return Path(reflections_dir).expanduser()
    # Gone when the kernel (or script) exits; a killed one is swept by a later run.
    copy = temporary_folder("ogp-demo-cohort-")
    for path in demo_folder().iterdir():
        if path.is_file():
            shutil.copy2(path, copy / path.name)
    return copy


@dataclass(frozen=True)
class Skipped:
    """A file the plenary did not use, and why (``reason`` is a short category)."""

    path: Path
    reason: str
    detail: str


@dataclass(frozen=True)
class Submission:
    """One usable hand-in. ``flagged`` when its group handed in more than once."""

    path: Path
    document: dict[str, Any]
    label: str
    flagged: bool = False

    @property
    def group(self) -> str:
        return self.document["group"]


@dataclass
class Cohort:
    folder: Path
    submissions: list[Submission] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def flagged_groups(self) -> list[str]:
        return sorted({s.group for s in self.submissions if s.flagged})


def _classify(path: Path) -> tuple[dict[str, Any] | None, Skipped | None, str]:
    """Read one file once: its document (or why it is skipped) and its content's digest.

    Anything a hand-in can be (a FIFO, a link to /dev/zero or to nothing, an unreadable,
    huge or deeply nested file) ends here as a skip with a reason, never as an exception.
    """
    try:
        data = inputs.read_bytes(path, what="reflection file", limit=inputs.SAVED_LIMIT)
        digest = hashlib.sha256(data).hexdigest()
        raw = inputs.parse_json(inputs.decode(data, path=path, what="reflection file"),
                                path=path, what="reflection file")
    except InputError as error:
        return None, Skipped(path, "malformed", error.message), ""
    document, skipped = _check(path, raw)
    return document, skipped, digest


def _check(path: Path, raw: Any) -> tuple[dict[str, Any] | None, Skipped | None]:
    if not isinstance(raw, dict) or raw.get("kind") != KIND:
        what = "a JSON object" if isinstance(raw, dict) else f"a JSON {type(raw).__name__}"
        return None, Skipped(
            path, "foreign", f"not a reflection file ({what} without kind '{KIND}')"
        )
    if raw.get("schema_version") != SCHEMA_VERSION:
        return None, Skipped(
            path,
            "schema-version",
            f"schema version {raw.get('schema_version')!r}; this book reads version "
            f"{SCHEMA_VERSION}",
        )
    try:
        return validate_reflection(raw, path=path), None
    except InputError as error:
        where = f"row {error.row}, " if error.row is not None else ""
        return None, Skipped(path, "invalid", f"{where}field '{error.field}': {error.message}")


def read_folder(folder: str | Path) -> Cohort:
    """Read every reflection file directly inside ``folder`` (``versions/`` is an archive)."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise InputError("no such folder of reflections", path=folder)
    cohort = Cohort(folder=folder)
    accepted: list[tuple[Path, dict[str, Any]]] = []
    seen: dict[str, Path] = {}
    try:
        entries = sorted(folder.iterdir(), key=lambda p: p.name)
    except OSError as error:
        raise InputError(f"cannot list the folder of reflections ({error.strerror})",
                         path=folder) from None
    for path in entries:
        if path.is_dir() and not path.is_symlink():
            if path.name != storage.VERSIONS_DIR:
                cohort.skipped.append(
                    Skipped(path, "folder", "a folder; only files directly in the folder are read")
                )
            continue
        if path.name.startswith(".") and path.name.endswith(storage.TEMP_SUFFIX):
            cohort.skipped.append(
                Skipped(path, "temporary", "an unfinished save (its group's last file is used)")
            )
            continue
        if path.suffix.lower() != ".json":
            cohort.skipped.append(Skipped(path, "not-json", "not a .json file"))
            continue
        document, skipped, digest = _classify(path)
        if skipped is not None:
            cohort.skipped.append(skipped)
            continue
        if digest in seen:
            cohort.skipped.append(
                Skipped(path, "duplicate", f"an identical copy of {seen[digest].name}")
            )
            continue
        seen[digest] = path
        accepted.append((path, document))  # type: ignore[arg-type]
    cohort.submissions = _label(accepted)
    return cohort


def _label(accepted: list[tuple[Path, dict[str, Any]]]) -> list[Submission]:
    """Name each hand-in; a group with several hand-ins keeps them all, flagged and numbered."""
    by_group: dict[str, list[tuple[Path, dict[str, Any]]]] = {}
    for path, document in accepted:
        key = " ".join(document["group"].casefold().split())
        by_group.setdefault(key, []).append((path, document))
    submissions: list[Submission] = []
    for items in by_group.values():
        items.sort(key=lambda item: (item[1].get("saved_at", ""), item[0].name))
        for index, (path, document) in enumerate(items, start=1):
            if len(items) == 1:
                submissions.append(Submission(path, document, document["group"]))
            else:
                label = _("{group} (hand-in {index} of {total})").format(
                    group=document["group"], index=index, total=len(items))
                submissions.append(Submission(path, document, label, flagged=True))
    submissions.sort(key=lambda s: (s.group.casefold(), s.label))
    return submissions


# --- tables ------------------------------------------------------------------------------
ANSWER_COLUMNS = [
    "submission",
    "group",
    "flagged_duplicate_group",
    "file",
    "cohort",
    "level",
    "countries",
    "fictional",
    "question",
    "answer",
    "votes",
]


def answers_table(cohort: Cohort, options: Options) -> pd.DataFrame:
    """Every answer of every hand-in, one row each (the CSV export)."""
    rows: list[dict[str, Any]] = []
    for sub in cohort.submissions:
        doc = sub.document
        base = {
            "submission": sub.label,
            "group": sub.group,
            "flagged_duplicate_group": sub.flagged,
            "file": sub.path.name,
            "cohort": doc.get("cohort", ""),
            "level": doc["level"],
            "countries": "; ".join(doc.get("countries", [])),
            "fictional": bool(doc.get("fictional", False)),
        }
        for key, question in PROMPTS.items():
            rows.append({**base, "question": question, "answer": doc["prompts"][key]})
        for name in PICK_FIELDS:
            picks = doc.get(name, {"selected": [], "other": ""})
            for option_id in picks["selected"]:
                answer = options.label(name, option_id)
                rows.append({**base, "question": PICK_TITLES[name], "answer": answer})
            if picks["other"].strip():
                rows.append({**base, "question": OTHER_QUESTIONS[name], "answer": picks["other"]})
        for vote in doc.get("priority_votes", []):
            rows.append(
                {
                    **base,
                    "question": "Suggestion to OGP and its partners",
                    "answer": vote["suggestion"],
                    "votes": vote["votes"],
                }
            )
    table = pd.DataFrame(rows, columns=ANSWER_COLUMNS)
    table["votes"] = table["votes"].astype("Int64")
    return table


def pick_counts(cohort: Cohort, options: Options, name: str, by: str) -> pd.DataFrame:
    """How many hand-ins picked each option, by ``level`` or ``country``.

    A hand-in naming two countries counts once in each. Free-text answers count under
    :data:`OTHER_LABEL`. Columns: ``option``, ``by`` value, ``groups``.
    """
    if by not in {"level", "country"}:
        raise ValueError("by must be 'level' or 'country'")
    rows = []
    for sub in cohort.submissions:
        doc = sub.document
        picks = doc.get(name, {"selected": [], "other": ""})
        labels = [options.label(name, i) for i in picks["selected"]]
        if picks["other"].strip():
            labels.append(OTHER_LABEL)
        keys = [doc["level"]] if by == "level" else (doc.get("countries") or [NO_COUNTRY])
        rows += [{"option": label, by: key} for label in labels for key in keys]
    frame = pd.DataFrame(rows, columns=["option", by])
    counts = frame.groupby(["option", by]).size().reset_index(name="groups")
    return counts.sort_values(["groups", "option", by], ascending=[False, True, True]).reset_index(
        drop=True
    )


def option_order(counts: pd.DataFrame) -> list[str]:
    """Options from most to least picked (ties alphabetical), for chart axes and tables."""
    totals = counts.groupby("option")["groups"].sum()
    return sorted(totals.index, key=lambda o: (-totals[o], o))


def _matches(text: str, keywords: Iterable[str]) -> bool:
    return any(re.search(r"\b" + re.escape(k), text, re.IGNORECASE) for k in keywords)


def free_text_by_theme(cohort: Cohort, options: Options) -> dict[str, pd.DataFrame]:
    """Free-text answers under every trainer theme whose keywords they contain; else 'Other'."""
    rows = []
    for sub in cohort.submissions:
        doc = sub.document
        # The question column is read by people: in the reader's language.
        texts = [(_(PROMPTS[k]), doc["prompts"][k]) for k in PROMPTS]
        texts += [(_(OTHER_QUESTIONS[n]), doc.get(n, {}).get("other", "")) for n in PICK_FIELDS]
        for question, text in texts:
            if not text.strip():
                continue
            themes = [t.label for t in options.themes if _matches(text, t.keywords)]
            for theme in themes or [_(UNTHEMED)]:
                rows.append(
                    {"theme": theme, "group": sub.label, "question": question, "answer": text}
                )
    frame = pd.DataFrame(rows, columns=["theme", "group", "question", "answer"])
    order = [t.label for t in options.themes] + [_(UNTHEMED)]
    return {
        theme: frame[frame["theme"] == theme].drop(columns="theme").reset_index(drop=True)
        for theme in order
        if (frame["theme"] == theme).any()
    }


def ranked_suggestions(cohort: Cohort) -> pd.DataFrame:
    """Suggestions to OGP and its partners, most votes first.

    The same suggestion from several groups (same words, ignoring case and spacing) is added up.
    Ties share a rank. Columns: ``rank``, ``suggestion``, ``votes``, ``groups``, ``hand_ins``.
    """
    merged: dict[str, dict[str, Any]] = {}
    for sub in cohort.submissions:
        for vote in sub.document.get("priority_votes", []):
            key = " ".join(vote["suggestion"].casefold().split())
            entry = merged.setdefault(
                key, {"suggestion": vote["suggestion"], "votes": 0, "labels": []}
            )
            entry["votes"] += vote["votes"]
            entry["labels"].append(sub.label)
    rows = [
        {
            "suggestion": e["suggestion"],
            "votes": e["votes"],
            "groups": "; ".join(sorted(set(e["labels"]))),
            "hand_ins": len(e["labels"]),
        }
        for e in merged.values()
    ]
    frame = pd.DataFrame(rows, columns=["suggestion", "votes", "groups", "hand_ins"])
    frame = frame.sort_values(
        ["votes", "hand_ins", "suggestion"], ascending=[False, False, True]
    ).reset_index(drop=True)
    frame.insert(0, "rank", frame["votes"].rank(method="min", ascending=False).astype(int))
    return frame


def skipped_table(cohort: Cohort) -> pd.DataFrame:
    return pd.DataFrame(
        [{"file": s.path.name, "reason": s.reason, "detail": s.detail} for s in cohort.skipped],
        columns=["file", "reason", "detail"],
    )


def submissions_table(cohort: Cohort) -> pd.DataFrame:
    return pd.DataFrame(
        [
            {
                "hand-in": s.label,
                "file": s.path.name,
                "level": s.document["level"],
                "countries": "; ".join(s.document.get("countries", [])),
                "flagged": "handed in more than once" if s.flagged else "",
            }
            for s in cohort.submissions
        ],
        columns=["hand-in", "file", "level", "countries", "flagged"],
    )
