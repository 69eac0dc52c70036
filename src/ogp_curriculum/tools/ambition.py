"""Commitment ambition check: a draft commitment, the IRM's current questions, and feedback.

The IRM's current assessment of a new commitment (its Action Plan Review, since the 2020
refresh) asks three questions in order: is the commitment **verifiable**, does it have an
**open-government lens**, and what is its **potential for results** (Unclear, Modest,
Substantial)? A commitment that is not verifiable is "not reviewable" and is not assessed
further. ``Assessment`` and the pure functions ``step``, ``answer`` and ``back`` are that
sequence as a small state machine.

The pre-2020 star rubric (specificity, relevance, potential impact, completion) is kept only as
history, labelled as such: ``History`` and the star rules from ``ogp_curriculum.irm``.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

import pandas as pd

from ogp_curriculum.errors import InputError
from ogp_curriculum.files import save_text
from ogp_curriculum.i18n import N_, _, rating_label
from ogp_curriculum.inputs import load_saved
from ogp_curriculum.irm import load_commitment_tags, similar_commitments
from ogp_curriculum.irm.stars import star_2014, star_2015
from ogp_curriculum.outputs import md_inline

FORMAT = "ogp-ambition-check/2"
OLD_FORMAT = "ogp-ambition-check/1"  # pre-2020 answers only; loaded as history
SPECIFICITY = ("None", "Low", "Medium", "High")
IMPACT = ("None", "Minor", "Moderate", "Transformative")
COMPLETION = ("Not started", "Limited", "Substantial", "Complete")

# --- The IRM's current questions (paraphrased from OGP's glossary: verifiability, relevance,
# ambition) --------------------------------------------------------------------------------
VERIFIABLE = ("Yes", "No")
LENS = ("Yes", "No")
POTENTIAL = ("Unclear", "Modest", "Substantial")
STEPS: tuple[str, ...] = ("verifiable", "lens", "potential_for_results")
OPTIONS: dict[str, tuple[str, ...]] = {
    "verifiable": VERIFIABLE, "lens": LENS, "potential_for_results": POTENTIAL}
NOT_REVIEWABLE, DONE = "not_reviewable", "done"

CURRENT_QUESTIONS: dict[str, dict[str, str]] = {
    "verifiable": {
        "question": N_("Is it verifiable? As written, are the objectives and actions clear enough, "
                    "with activities that can be objectively checked?"),
        "Yes": N_("Specific enough to review: someone outside government could check each "
               "activity."),
        "No": N_("Not specific enough to review: the aims or actions are unclear, with no "
              "activities that can be checked."),
    },
    "lens": {
        "question": N_("Does it have an open-government lens? Does it set out to make a policy "
                    "area, an institution or a decision-making process more transparent, more "
                    "participatory or more accountable to the public?"),
        "Yes": N_("Yes: it advances transparency, citizen participation or public accountability "
               "(technology or inclusion alone is not enough)."),
        "No": N_("No: it may be useful, but it does not open government as OGP defines it."),
    },
    "potential_for_results": {
        "question": N_("What is its potential for results, as written and given the current "
                    "state of the policy area?"),
        "Unclear": N_("It continues existing practice, with no clear added open-government value."),
        "Modest": N_("A positive change that stands alone: not binding or institutionalised "
                  "(websites, data releases, trainings and pilots are typical)."),
        "Substantial": N_("A possible game changer to the rules, practices, policies or "
                       "institutions of the policy area, with binding or institutionalised "
                       "change across government."),
    },
}

VERDICTS: dict[tuple[str, str], str] = {
    ("verifiable", "No"): (
        N_("Not reviewable: the IRM would not assess this commitment any further. Rewrite the "
        "activities and milestones so that someone outside government could check them.")),
    ("lens", "No"): (
        N_("No open-government lens: OGP commitments must advance transparency, citizen "
        "participation or public accountability. Say whose access, voice or power to hold "
        "officials to account the commitment changes.")),
    ("potential_for_results", "Unclear"): (
        N_("Potential for results unclear: as written it continues what already happens. Name "
        "what will be different from current practice.")),
    ("potential_for_results", "Modest"): (
        N_("Modest potential for results: a real but standalone step. To aim higher, make the "
        "change binding or institutionalised (a rule, a mandate, a standing process), not a "
        "one-off tool or pilot.")),
    ("potential_for_results", "Substantial"): (
        N_("Substantial potential for results: the kind of commitment that can change the rules "
        "of the game. The IRM's results report will later ask how far it was completed and "
        "what early results it had, so plan the politics of implementation now.")),
}


@dataclass(frozen=True)
class Assessment:
    """Answers to the IRM's current questions, given in order; None means not yet answered."""

    verifiable: str | None = None
    lens: str | None = None
    potential_for_results: str | None = None


def step(state: Assessment) -> str:
    """The next question to answer, or NOT_REVIEWABLE / DONE when the sequence has ended."""
    if state.verifiable is None:
        return "verifiable"
    if state.verifiable == "No":
        return NOT_REVIEWABLE
    if state.lens is None:
        return "lens"
    if state.potential_for_results is None:
        return "potential_for_results"
    return DONE


def answer(state: Assessment, question: str, value: str) -> Assessment:
    """Answer the current question, or change an earlier one (later answers are cleared)."""
    if question not in STEPS:
        raise InputError(f"choose one of {', '.join(STEPS)}", field="question", value=question)
    _choice(value, OPTIONS[question], question)
    index = STEPS.index(question)
    for earlier in STEPS[:index]:
        if getattr(state, earlier) is None:
            raise InputError(f"answer {earlier!r} first", field=question)
    if index > 0 and state.verifiable == "No":
        raise InputError("the IRM does not assess a commitment that is not verifiable any "
                         "further; change the answer to 'verifiable' first", field=question)
    kept = {name: getattr(state, name) for name in STEPS[:index]}
    return Assessment(**kept, **{question: value})


def back(state: Assessment) -> Assessment:
    """Undo the last answer (nothing to undo leaves the state as it is)."""
    answered = [name for name in STEPS if getattr(state, name) is not None]
    if not answered:
        return state
    return replace(state, **{answered[-1]: None})


def verdict(state: Assessment) -> list[str]:
    """What the answers so far mean, in the IRM's current terms."""
    return [_(VERDICTS[(name, value)]) for name in STEPS
            if (value := getattr(state, name)) is not None and (name, value) in VERDICTS]


# The four OGP values. Technology and innovation counts toward relevance only together
# with one of the other three (OGP glossary, "Relevance").
VALUES: dict[str, str] = {
    N_("Access to information"): (
        N_("Will the government disclose more information, or better information (open, "
        "comprehensive, timely, free, meeting basic open-data standards)?")
    ),
    N_("Civic participation"): (
        N_("Will the government create or improve ways for citizens to engage, give input and "
        "contribute to decisions?")
    ),
    N_("Public accountability"): (
        N_("Will there be rules or mechanisms that make officials justify their actions and "
        "accept responsibility?")
    ),
    N_("Technology and innovation"): (
        N_("Will citizens get open access to technology, or the capacity to use it, for "
        "transparency or accountability?")
    ),
}
RELEVANT_VALUES = frozenset(list(VALUES)[:3])

# --- History: the pre-2020 star rubric -------------------------------------------------------
HISTORY_QUESTIONS: dict[str, dict[str, str]] = {
    "specificity": {
        "question": N_("How specific and verifiable are the activities and milestones?"),
        "None": N_("No verifiable deliverables or milestones."),
        "Low": N_("Activities could be read as measurable only with interpretation."),
        "Medium": N_("Activities are objectively verifiable, but milestones or deliverables "
                  "are not clearly measurable."),
        "High": N_("Milestones are clear, measurable and verifiable, with deliverables and dates."),
    },
    "potential_impact": {
        "question": N_("If fully implemented, how much would the commitment change practice in "
                    "its policy area?"),
        "None": N_("It would not change current practice."),
        "Minor": N_("A positive but incremental step."),
        "Moderate": N_("A major step forward, but limited in scale or scope."),
        "Transformative": N_("It could change business as usual in the policy area."),
    },
    "completion": {
        "question": N_("Realistically, how far will it be implemented by the end of the action "
                    "plan? (Stars were awarded on implementation, not only on design.)"),
        "Not started": N_("Not started."),
        "Limited": N_("Some steps taken."),
        "Substantial": N_("Most of it done."),
        "Complete": N_("Fully done."),
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
class History:
    """The pre-2020 star ratings, for history only."""

    specificity: str = "Low"
    potential_impact: str = "Minor"
    completion: str = "Limited"


@dataclass(frozen=True)
class Feedback:
    checks: list[str]
    relevant: bool
    step: str
    verdict: list[str]
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
    """One draft commitment, its assessment under the IRM's current questions, and history."""

    def __init__(self) -> None:
        self.draft = Draft()
        self.assessment = Assessment()
        self.history = History()

    # --- the current questions -------------------------------------------------------------
    @property
    def step(self) -> str:
        return step(self.assessment)

    def answer(self, question: str, value: str) -> None:
        self.assessment = answer(self.assessment, question, value)

    def back(self) -> None:
        self.assessment = back(self.assessment)

    def set_assessment(self, **answers: str | None) -> None:
        """Set several answers at once, in the IRM's order (None leaves a question open)."""
        unknown = set(answers) - set(STEPS)
        if unknown:
            raise InputError("unknown question", field=sorted(unknown)[0])
        state = Assessment()
        for name in STEPS:
            value = answers.get(name)
            if value is not None:
                state = answer(state, name, value)
        self.assessment = state

    # --- history: the pre-2020 stars --------------------------------------------------------
    def set_history(self, *, specificity: str, potential_impact: str, completion: str) -> None:
        self.history = History(_choice(specificity, SPECIFICITY, "specificity"),
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
        """Plain-language remarks on the draft, and where it disagrees with the answers."""
        d, a, notes = self.draft, self.assessment, []
        if not d.problem.strip():
            notes.append(_("State the problem the commitment addresses: the IRM and your "
                         "coalition both need to know what it is meant to fix."))
        activities, milestones = _lines(d.activities), _lines(d.milestones)
        if not activities:
            notes.append(_("List at least one activity."))
        if len(milestones) < 2:
            notes.append(_("Break the commitment into two or more milestones that someone "
                         "outside government could verify."))
        if not d.lead.strip():
            notes.append(_("Name a lead institution: who is answerable for delivery?"))
        if not d.deadline.strip():
            notes.append(_("Give an end date (YYYY-MM-DD)."))
        if not d.values:
            notes.append(_("Say which OGP values the commitment serves."))
        elif not self.relevant:
            notes.append(_("Technology and innovation counts only together with transparency "
                         "(access to information), civic participation or public "
                         "accountability."))
        if a.verifiable == "Yes" and (not activities or len(milestones) < 2):
            notes.append(_("You answered that it is verifiable, but the draft has "
                           "{activities} activity line(s) and {milestones} "
                           "milestone(s); would an outside reviewer agree?").format(
                               activities=len(activities), milestones=len(milestones)))
        if a.lens == "Yes" and not self.relevant:
            notes.append(_("You answered that it has an open-government lens, but none of "
                         "access to information, civic participation or public "
                         "accountability is ticked."))
        if a.lens == "No" and self.relevant:
            notes.append(_("You answered that it has no open-government lens, yet you ticked an "
                         "OGP value: which is right?"))
        return notes

    def _stars(self, **change: Any) -> tuple[bool, bool]:
        args = {"specificity": self.history.specificity, "relevant": self.relevant,
                "potential_impact": self.history.potential_impact,
                "completion": self.history.completion, **change}
        return star_2014(**args), star_2015(**args)

    def what_would_change(self) -> list[str]:
        """History: single changes that would have earned a pre-2020 star."""
        now14, now15 = self._stars()
        trials: dict[str, dict[str, Any]] = {
            N_("specificity rated Medium or higher"): {"specificity": "High"},
            N_("relevance to access to information, civic participation or public "
               "accountability"): {"relevant": True},
            N_("transformative potential impact"): {"potential_impact": "Transformative"},
            N_("moderate potential impact"): {"potential_impact": "Moderate"},
            N_("substantial or complete implementation"): {"completion": "Complete"},
        }
        out = []
        for label, change in trials.items():
            s14, s15 = self._stars(**change)
            gained = [rule for rule, before, after in
                      (("2014", now14, s14), ("2015", now15, s15)) if after and not before]
            if gained:
                rules = (_("{first} and {second} rules").format(first=gained[0],
                                                                 second=gained[1])
                         if len(gained) > 1 else _("{year} rule").format(year=gained[0]))
                out.append(_("With {change}, it would have earned a star under the "
                             "{rules}.").format(change=_(label), rules=rules))
        return out

    def feedback(self, limit: int = 5) -> Feedback:
        s14, s15 = self._stars()
        # Real examples come from 2016 data, rated on the old scale: show the most ambitious.
        floor = "Transformative"
        tags = list(self.draft.tags)
        similar = (similar_commitments(tags, min_impact=floor, limit=limit) if tags
                   else pd.DataFrame())
        return Feedback(self.checks(), self.relevant, self.step, verdict(self.assessment),
                        s14, s15, self.what_would_change(), similar, floor)

    # --- save, load, export --------------------------------------------------------------
    def to_dict(self) -> dict[str, Any]:
        return {"format": FORMAT, "draft": asdict(self.draft),
                "assessment": asdict(self.assessment), "history": asdict(self.history)}

    def save(self, path: str | Path) -> Path:
        return save_text(path, json.dumps(self.to_dict(), indent=2, ensure_ascii=False))

    def load(self, path: str | Path) -> None:
        """Replace the draft with a saved one; on any problem nothing changes.

        A file saved before the current questions were added (format 1) loads its pre-2020
        answers as history.
        """
        try:
            path, data = load_saved(path, format_id=FORMAT, what="ambition check")
        except InputError as error:
            if error.field != "format":
                raise
            path, data = load_saved(path, format_id=OLD_FORMAT, what="ambition check")
            data = {"draft": data.get("draft", {}), "history": data.get("answers", {})}
        try:
            trial = AmbitionCheck()
            trial.set_draft(**data.get("draft", {}))
            trial.set_assessment(**data.get("assessment", {}))
            trial.set_history(**{**asdict(History()), **data.get("history", {})})
        except TypeError:
            raise InputError("unexpected fields in the saved answers", path=path,
                             field="history") from None
        except InputError as error:
            raise InputError(error.message, path=path, field=error.field,
                             value=error.value) from None
        self.draft, self.assessment, self.history = trial.draft, trial.assessment, trial.history

    def to_markdown(self) -> str:
        """The draft and its self-assessment; learner text escaped so it stays text."""
        d, a, h = self.draft, self.assessment, self.history
        s14, s15 = self._stars()

        def block(items: list[str]) -> list[str]:
            return [f"- {md_inline(i)}" for i in items] or ["_" + _("(none)") + "_"]

        def bold(label: str) -> str:
            return f"**{label}**"

        unanswered = _("not answered")

        def said(name: str) -> str:
            value = getattr(a, name)
            return rating_label(name, value) if value else unanswered

        answers = [f"- {_(CURRENT_QUESTIONS[name]['question'])} **{said(name)}**"
                   for name in STEPS]
        yes, no = _("yes"), _("no")
        history = _("Specificity {specificity}; potential impact {impact}; expected completion "
                    "{completion}. Star (2014 rule): {star_2014}; star (2015 rule): "
                    "{star_2015}.").format(
            specificity=rating_label("specificity", h.specificity),
            impact=rating_label("potential_impact", h.potential_impact),
            completion=rating_label("completion", h.completion),
            star_2014=yes if s14 else no, star_2015=yes if s15 else no)
        return "\n".join([
            "# " + _("Draft commitment"), "", bold(_("Problem:")) + f" {md_inline(d.problem)}", "",
            bold(_("Activities:")), *block(_lines(d.activities)), "",
            bold(_("Milestones:")), *block(_lines(d.milestones)), "",
            bold(_("Lead:")) + f" {md_inline(d.lead)}",
            bold(_("Deadline:")) + f" {md_inline(d.deadline)}",
            bold(_("OGP values:")) + f" {md_inline(', '.join(_(v) for v in d.values))}", "",
            "## " + _("The IRM's current questions (self-assessment)"), "", *answers, "",
            *[f"> {line}" for line in verdict(a)], "",
            "## " + _("History: the pre-2020 stars"), "", history, "",
        ])
