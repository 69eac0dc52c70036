"""Commitment ambition check: a draft commitment, the learner's answers to guided IRM
questions, and feedback.

The star rules and the search for similar real commitments come from ``ogp_curriculum.irm``
(the data area owns them); this module only asks the questions and explains the answers.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from ogp_curriculum.errors import InputError
from ogp_curriculum.files import load_saved, save_text
from ogp_curriculum.irm import load_commitment_tags, similar_commitments
from ogp_curriculum.irm.stars import star_2014, star_2015
from ogp_curriculum.tools._text import escaped

FORMAT = "ogp-ambition-check/1"
SPECIFICITY = ("None", "Low", "Medium", "High")
IMPACT = ("None", "Minor", "Moderate", "Transformative")
COMPLETION = ("Not started", "Limited", "Substantial", "Complete")

# The four OGP values. Technology and innovation counts toward relevance only together
# with one of the other three (OGP glossary, "Relevance").
VALUES: dict[str, str] = {
    "Access to information": (
        "Will the government disclose more information, or better information (open, "
        "comprehensive, timely, free, meeting basic open-data standards)?"
    ),
    "Civic participation": (
        "Will the government create or improve ways for citizens to engage, give input and "
        "contribute to decisions?"
    ),
    "Public accountability": (
        "Will there be rules or mechanisms that make officials justify their actions and "
        "accept responsibility?"
    ),
    "Technology and innovation": (
        "Will citizens get open access to technology, or the capacity to use it, for "
        "transparency or accountability?"
    ),
}
RELEVANT_VALUES = frozenset(list(VALUES)[:3])

QUESTIONS: dict[str, dict[str, str]] = {
    "specificity": {
        "question": "How specific and verifiable are the activities and milestones?",
        "None": "No verifiable deliverables or milestones.",
        "Low": "Activities could be read as measurable only with interpretation.",
        "Medium": "Activities are objectively verifiable, but milestones or deliverables "
                  "are not clearly measurable.",
        "High": "Milestones are clear, measurable and verifiable, with deliverables and dates.",
    },
    "potential_impact": {
        "question": "If fully implemented, how much would the commitment change practice in "
                    "its policy area?",
        "None": "It would not change current practice.",
        "Minor": "A positive but incremental step.",
        "Moderate": "A major step forward, but limited in scale or scope.",
        "Transformative": "It could change business as usual in the policy area.",
    },
    "completion": {
        "question": "Realistically, how far will it be implemented by the end of the action "
                    "plan? (Stars were awarded on implementation, not only on design.)",
        "Not started": "Not started.",
        "Limited": "Some steps taken.",
        "Substantial": "Most of it done.",
        "Complete": "Fully done.",
    },
}


def _lines(text: str) -> list[str]:
    return [line.strip(" -*\t") for line in text.splitlines() if line.strip(" -*\t")]


def policy_tags() -> list[str]:
    """The policy-area tags used in the IRM data, for choosing similar commitments."""
    return sorted(load_commitment_tags()["tag"].astype(str).unique())


@dataclass
class Draft:
    problem: str = ""
    activities: str = ""
    milestones: str = ""
    lead: str = ""
    deadline: str = ""  # YYYY-MM-DD
    values: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)


@dataclass
class Answers:
    specificity: str = "Low"
    potential_impact: str = "Minor"
    completion: str = "Limited"


@dataclass(frozen=True)
class Feedback:
    checks: list[str]
    relevant: bool
    star_2014: bool
    star_2015: bool
    what_would_change: list[str]
    similar: pd.DataFrame
    similar_floor: str


def _choice(value: str, scale: tuple[str, ...], name: str) -> str:
    if value not in scale:
        raise InputError(f"choose one of {', '.join(scale)}", field=name, value=value)
    return value


class AmbitionCheck:
    """One draft commitment and its self-assessment."""

    def __init__(self) -> None:
        self.draft = Draft()
        self.answers = Answers()

    def set_answers(self, *, specificity: str, potential_impact: str, completion: str) -> None:
        self.answers = Answers(_choice(specificity, SPECIFICITY, "specificity"),
                               _choice(potential_impact, IMPACT, "potential_impact"),
                               _choice(completion, COMPLETION, "completion"))

    def set_draft(self, **fields: Any) -> None:
        unknown = set(fields) - set(Draft.__dataclass_fields__)
        if unknown:
            raise InputError("unknown draft field", field=sorted(unknown)[0])
        draft = Draft(**{**asdict(self.draft), **fields})
        for name in ("problem", "activities", "milestones", "lead", "deadline"):
            value = getattr(draft, name)
            if not isinstance(value, str) or len(value) > 4000:
                raise InputError("must be text of at most 4000 characters", field=name)
        for value in draft.values:
            _choice(value, tuple(VALUES), "values")
        if draft.deadline.strip():
            try:
                dt.date.fromisoformat(draft.deadline.strip())
            except ValueError:
                raise InputError("write the deadline as YYYY-MM-DD", field="deadline",
                                 value=draft.deadline) from None
        self.draft = draft

    @property
    def relevant(self) -> bool:
        return bool(RELEVANT_VALUES & set(self.draft.values))

    def checks(self) -> list[str]:
        """Plain-language remarks on the draft that bear on specificity and relevance."""
        d, notes = self.draft, []
        if not d.problem.strip():
            notes.append("State the problem the commitment addresses: the IRM and your "
                         "coalition both need to know what it is meant to fix.")
        if not _lines(d.activities):
            notes.append("List at least one activity.")
        milestones = _lines(d.milestones)
        if len(milestones) < 2:
            notes.append("Break the commitment into two or more milestones that someone "
                         "outside government could verify.")
        if not d.lead.strip():
            notes.append("Name a lead institution: who is answerable for delivery?")
        if not d.deadline.strip():
            notes.append("Give an end date (YYYY-MM-DD).")
        if not d.values:
            notes.append("Say which OGP values the commitment serves.")
        elif not self.relevant:
            notes.append("Technology and innovation counts toward relevance only together "
                         "with access to information, civic participation or public "
                         "accountability.")
        if self.answers.specificity in ("Medium", "High") and len(milestones) < 2:
            notes.append(f"You rated specificity {self.answers.specificity}, but the draft has "
                         f"{len(milestones)} milestone(s); would an outside reviewer agree?")
        return notes

    def _stars(self, **change: Any) -> tuple[bool, bool]:
        args = {"specificity": self.answers.specificity, "relevant": self.relevant,
                "potential_impact": self.answers.potential_impact,
                "completion": self.answers.completion, **change}
        return star_2014(**args), star_2015(**args)

    def what_would_change(self) -> list[str]:
        """Single changes that would earn a star the draft does not yet earn."""
        now14, now15 = self._stars()
        trials: dict[str, dict[str, str | bool]] = {
            "specificity rated Medium or higher": {"specificity": "High"},
            "relevance to access to information, civic participation or public "
            "accountability": {"relevant": True},
            "transformative potential impact": {"potential_impact": "Transformative"},
            "moderate potential impact": {"potential_impact": "Moderate"},
            "substantial or complete implementation": {"completion": "Complete"},
        }
        out = []
        for label, change in trials.items():
            s14, s15 = self._stars(**change)
            gained = [rule for rule, before, after in
                      (("2014", now14, s14), ("2015", now15, s15)) if after and not before]
            if gained:
                rules = " and ".join(gained) + (" rules" if len(gained) > 1 else " rule")
                out.append(f"With {label}, it would earn a star under the {rules}.")
        return out

    def feedback(self, limit: int = 5) -> Feedback:
        s14, s15 = self._stars()
        level = IMPACT.index(self.answers.potential_impact)
        floor = IMPACT[min(level + 1, len(IMPACT) - 1)]
        tags = list(self.draft.tags)
        similar = (similar_commitments(tags, min_impact=floor, limit=limit) if tags
                   else pd.DataFrame())
        return Feedback(self.checks(), self.relevant, s14, s15, self.what_would_change(),
                        similar, floor)

    # --- save, load, export --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "draft": asdict(self.draft), "answers": asdict(self.answers)}

    def save(self, path: str | Path) -> Path:
        return save_text(path, json.dumps(self.to_dict(), indent=2, ensure_ascii=False))

    def load(self, path: str | Path) -> None:
        """Replace the draft with a saved one; on any problem nothing changes."""
        path, data = load_saved(path, format_id=FORMAT, what="ambition check")
        try:
            trial = AmbitionCheck()
            trial.set_draft(**data.get("draft", {}))
            trial.set_answers(**data.get("answers", {}))
        except TypeError:
            raise InputError("unexpected fields in the saved answers", path=path,
                             field="answers") from None
        except InputError as error:
            raise InputError(error.message, path=path, field=error.field,
                             value=error.value) from None
        self.draft, self.answers = trial.draft, trial.answers

    def to_markdown(self) -> str:
        """The draft and its self-assessment; learner text escaped so it stays text."""
        d, a = self.draft, self.answers
        s14, s15 = self._stars()

        def block(items: list[str]) -> list[str]:
            return [f"- {escaped(i)}" for i in items] or ["_(none)_"]

        return "\n".join([
            "# Draft commitment", "", f"**Problem:** {escaped(d.problem.strip())}", "",
            "**Activities:**", *block(_lines(d.activities)), "",
            "**Milestones:**", *block(_lines(d.milestones)), "",
            f"**Lead:** {escaped(d.lead.strip())}", f"**Deadline:** {escaped(d.deadline)}",
            f"**OGP values:** {escaped(', '.join(d.values))}", "",
            f"**Self-assessment:** specificity {a.specificity}; potential impact "
            f"{a.potential_impact}; expected completion {a.completion}.",
            f"**Star (2014 rule):** {'yes' if s14 else 'no'}; "
            f"**star (2015 rule):** {'yes' if s15 else 'no'}.", "",
        ])
