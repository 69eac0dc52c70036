"""The scenario player: a thin ipywidgets view over ``ScenarioRun``.

All text, whether a trainer wrote it or a learner typed it, is escaped before it reaches an
HTML widget: a scenario can never inject markup into the page.
"""

from __future__ import annotations

import html
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import ipywidgets as w

from ogp_curriculum.errors import InputError
from ogp_curriculum.i18n import N_, _, format_number
from ogp_curriculum.scenarios.engine import ScenarioRun
from ogp_curriculum.scenarios.model import Scenario, load_scenario

# Long choice labels must wrap instead of being cut off with an ellipsis.
_STYLE = (
    "<style>.ogp-choice{white-space:normal!important;height:auto!important;"
    "text-align:left!important;padding:6px 10px!important;line-height:1.35!important}"
    ".ogp-debrief td,.ogp-debrief th{padding:2px 8px;vertical-align:top;text-align:left}"
    # On a phone (375 px) an indicator's label, bar and value wrap instead of being clipped.
    ".ogp-indicator{flex-wrap:wrap!important;max-width:100%}"
    ".ogp-indicator>*{max-width:100%!important}</style>"
)
_OUTCOME = {"strong": N_("Strong outcome"), "partial": N_("Partial outcome"),
            "weak": N_("Weak outcome")}


def _n(value: int) -> str:
    return format_number(value)


def paragraphs(text: str) -> str:
    """Escaped text as HTML paragraphs (blank lines separate paragraphs)."""
    parts = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "".join(f"<p>{html.escape(' '.join(p.split()))}</p>" for p in parts)


def default_save_path(scenario: Scenario) -> Path:
    """Outside the repository, under the learner's home; kept as ~ so pages show no real path."""
    return Path("~/ogp-curriculum") / f"{scenario.id}-progress.json"


class ScenarioPlayer:
    """Widgets for narrative, choices, indicator bars, feedback, back/restart and debrief."""

    def __init__(self, scenario: Scenario, *, cohort_name: str = "",
                 save_path: str | Path | None = None) -> None:
        self.run = ScenarioRun(scenario)
        self.answers: dict[str, str] = {}
        heading = html.escape(scenario.title)
        cohort = f" <small>({html.escape(cohort_name)})</small>" if cohort_name.strip() else ""
        cast = "".join(
            "<li>" + _("{name} (fictional), {role}").format(name=html.escape(c.name),
                                                           role=html.escape(c.role)) + "</li>"
            for c in scenario.characters)
        note = paragraphs(scenario.fictional_note) if scenario.fictional_note else ""
        people = ("<details><summary>" + _("People in this story") + f"</summary>"
                  f"<ul>{cast}</ul></details>")
        self.header = w.HTML(f"{_STYLE}<h3>{heading}{cohort}</h3>{paragraphs(scenario.summary)}"
                             f"{note}{people if cast else ''}")
        self.scene_title = w.HTML()
        self.narrative = w.HTML()
        self.feedback = w.HTML()
        self.choice_box = w.VBox()
        self.choice_buttons: list[w.Button] = []  # the current scene's, in order
        self._button_pool: list[w.Button] = []
        self.bars: dict[str, w.IntProgress] = {}
        self.bar_values: dict[str, w.Label] = {}
        rows = []
        for key, indicator in scenario.indicators.items():
            bar = w.IntProgress(min=0, max=100, value=indicator.start,
                                layout=w.Layout(width="200px"))
            value = w.Label()
            self.bars[key], self.bar_values[key] = bar, value
            row = w.HBox([w.Label(indicator.label, layout=w.Layout(width="190px")), bar, value])
            row.add_class("ogp-indicator")
            rows.append(row)
        self.indicator_box = w.VBox(rows)
        self.back_button = w.Button(description=_("Back"), icon="arrow-left",
                                    tooltip=_("Undo your last choice"))
        self.restart_button = w.Button(description=_("Restart"), icon="refresh")
        self.back_button.on_click(lambda _: self.back())
        self.restart_button.on_click(lambda _: self.restart())
        self.debrief = w.HTML()
        self.answer_boxes: list[w.Textarea] = []
        for _question in scenario.reflection_questions:
            box = w.Textarea(placeholder=_("Your answer (saved with your progress)"),
                             layout=w.Layout(width="95%", height="70px"))
            box.observe(self._on_answer, names="value")
            self.answer_boxes.append(box)
        self.reflection_box = w.VBox([
            w.VBox([w.HTML(f"<b>{html.escape(q)}</b>"), box])
            for q, box in zip(scenario.reflection_questions, self.answer_boxes, strict=True)
        ])
        self.save_path = w.Text(value=str(Path(save_path) if save_path
                                          else default_save_path(scenario)),
                                description=_("Progress file"), layout=w.Layout(width="95%"),
                                style={"description_width": "initial"})
        self.save_button = w.Button(description=_("Save progress"), icon="save")
        self.load_button = w.Button(description=_("Resume from file"), icon="folder-open")
        self.save_button.on_click(lambda _: self.save())
        self.load_button.on_click(lambda _: self.resume())
        self.status = w.Label()
        # What the last choice did comes first, then the scene it led to and its choices.
        self.widget = w.VBox([
            self.header, self.feedback, self.scene_title, self.narrative, self.choice_box,
            w.HTML("<b>" + _("Indicators") + "</b>"), self.indicator_box,
            w.HBox([self.back_button, self.restart_button]),
            self.debrief, self.reflection_box,
            self.save_path, w.HBox([self.save_button, self.load_button]), self.status,
        ])
        self.render()

    def _repr_mimebundle_(self, **kwargs: Any) -> Any:
        return self.widget._repr_mimebundle_(**kwargs)

    # --- actions -------------------------------------------------------------------------
    def choose(self, index: int) -> None:
        step = self.run.choose(index)
        changes = ", ".join(
            f"{self.run.scenario.indicators[k].label} {d:+d}" for k, d in step.changes.items() if d
        )
        extra = f"<p><i>{html.escape(changes)}</i></p>" if changes else ""
        happened = _("What happened:")
        self.feedback.value = (f"<div role='status' aria-live='polite'><b>{happened}</b>"
                               f"{paragraphs(step.feedback)}{extra}</div>")
        self.render()

    def back(self) -> None:
        self.run.undo()
        self.feedback.value = ""
        self.render()

    def restart(self) -> None:
        self.run.restart()
        self.feedback.value = ""
        self.render()

    def save(self) -> Path | None:
        try:
            path = self.run.save(self.save_path.value.strip(), self.answers)
        except (OSError, InputError) as error:
            self.status.value = _("Not saved: {error}").format(error=error)
            return None
        self.status.value = _("Saved to {path}").format(path=path)
        return path

    def resume(self) -> bool:
        try:
            answers = self.run.load(self.save_path.value.strip())
        except InputError as error:
            self.status.value = _("Not resumed: {error}").format(error=error)
            return False
        for question, box in zip(self.run.scenario.reflection_questions, self.answer_boxes,
                                 strict=True):
            box.value = answers.get(question, "")
        self.answers = dict(answers)
        self.feedback.value = ""
        self.render()
        self.status.value = _("Resumed from {path}").format(path=self.save_path.value.strip())
        return True

    def _on_answer(self, change: Mapping[str, Any]) -> None:
        for question, box in zip(self.run.scenario.reflection_questions, self.answer_boxes,
                                 strict=True):
            if box is change["owner"]:
                self.answers[question] = box.value

    # --- drawing -------------------------------------------------------------------------
    def render(self) -> None:
        scene = self.run.scene
        self.scene_title.value = f"<h4>{html.escape(scene.title)}</h4>" if scene.title else ""
        self.narrative.value = paragraphs(scene.text)
        # Buttons are reused from scene to scene: new ones each time would leave every old
        # button's model (and its layout and style models) alive in the kernel and the page.
        while len(self._button_pool) < len(scene.choices):
            index = len(self._button_pool)
            button = w.Button(layout=w.Layout(width="95%", height="auto"))
            button.add_class("ogp-choice")
            button.on_click(lambda _, i=index: self.choose(i))
            self._button_pool.append(button)
        self.choice_buttons = self._button_pool[: len(scene.choices)]
        for button, choice in zip(self.choice_buttons, scene.choices, strict=True):
            button.description = choice.label
            button.tooltip = choice.label
        self.choice_box.children = tuple(self.choice_buttons)
        for key, bar in self.bars.items():
            bar.value = self.run.indicators[key]
            self.bar_values[key].value = f"{_n(self.run.indicators[key])} / 100"
        self.back_button.disabled = not self.run.history
        finished = self.run.finished
        self.debrief.value = self._debrief_html() if finished else ""
        self.reflection_box.layout.display = None if finished else "none"

    def _debrief_html(self) -> str:
        d = self.run.debrief()
        rows = "".join(
            f"<tr><td>{n}</td><td>{html.escape(s.label)}</td><td>{html.escape(s.twp)}</td></tr>"
            for n, s in enumerate(d.path, start=1)
        )
        indicators = "".join(
            f"<li>{html.escape(self.run.scenario.indicators[k].label)}: {_n(v)} / 100</li>"
            for k, v in d.indicators.items()
        )
        outcome = _(_OUTCOME[d.outcome]) if d.outcome in _OUTCOME else ""
        return (
            "<div class='ogp-debrief'><h4>" + _("Debrief") + "</h4>"
            f"<p><b>{html.escape(d.ending_title)}</b>"
            f"{' (' + outcome + ')' if outcome else ''}</p>"
            f"<p><b>" + _("Your path and the ideas behind it") + "</b></p>"
            "<table><tr><th>#</th><th>" + _("Your choice") + "</th>"
            "<th>" + _("Thinking and working politically") + f"</th>"
            f"</tr>{rows}</table>"
            f"<p><b>" + _("Final indicators") + f"</b></p><ul>{indicators}</ul>"
            f"<p><b>" + _("Reflection questions") + "</b></p></div>"
        )


TRANSCRIPT_COLUMNS = {
    "step": N_("Step"),
    "scene_title": N_("Scene"),
    "choice": N_("Your choice"),
    "twp": N_("Thinking and working politically"),
}


class Transcript:
    """The path so far as a table with readable headers, or a sentence before the first choice."""

    EMPTY = N_("No choices yet: play the scenario above, then run this cell again.")

    def __init__(self, records: list[dict[str, Any]]) -> None:
        self.rows = [[str(r[key]) for key in TRANSCRIPT_COLUMNS] for r in records]

    def __repr__(self) -> str:
        if not self.rows:
            return _(self.EMPTY)
        header = " | ".join(_(t) for t in TRANSCRIPT_COLUMNS.values())
        return "\n".join([header, *(" | ".join(row) for row in self.rows)])

    def _repr_html_(self) -> str:
        if not self.rows:
            return f"<p>{html.escape(_(self.EMPTY))}</p>"
        titles = [_(t) for t in TRANSCRIPT_COLUMNS.values()]
        head = "".join(f"<th scope='col'>{html.escape(t)}</th>" for t in titles)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in self.rows
        )
        return (
            "<table class='ogp-transcript'><caption>" + _("Your path so far") + f"</caption>"
            f"<thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"
        )


def transcript(view: ScenarioPlayer) -> Transcript:
    """For notebooks: the learner's path as a table to copy into their notes."""
    return Transcript(view.run.transcript())


def player(path: str | Path, overrides: Mapping[str, object] | None = None, *,
           cohort_name: str = "", save_path: str | Path | None = None,
           language: str | None = None) -> ScenarioPlayer:
    """Validate the scenario first (raising ``DefinitionError``), then build the widgets."""
    scenario = load_scenario(path, overrides, language=language)
    return ScenarioPlayer(scenario, cohort_name=cohort_name, save_path=save_path)


class Problem:
    """What a notebook shows instead of a player when a definition is broken: one line of text."""

    def __init__(self, error: InputError) -> None:
        self.error = error

    def __repr__(self) -> str:
        return _("Scenario problem: {error}").format(error=self.error)

    def _repr_html_(self) -> str:
        label = _("Scenario problem:")
        return f"<p role='alert'><b>{label}</b> {html.escape(str(self.error))}</p>"


def show(path: str | Path, overrides: Mapping[str, object] | None = None, *,
         cohort_name: str = "", save_path: str | Path | None = None,
         language: str | None = None) -> ScenarioPlayer | Problem:
    """For notebooks: the player, or the validation error as one readable line."""
    try:
        return player(path, overrides, cohort_name=cohort_name, save_path=save_path,
                      language=language)
    except InputError as error:
        return Problem(error)
