"""Widget view of the ambition check: draft form, the IRM's current questions one at a time,
feedback, and the pre-2020 stars as labelled history."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w

from ogp_curriculum.errors import InputError
from ogp_curriculum.i18n import _, rating_label
from ogp_curriculum.i18n.tables import shown
from ogp_curriculum.outputs import html_text as escaped
from ogp_curriculum.tools.ambition import (
    COMPLETION,
    CURRENT_QUESTIONS,
    DONE,
    HISTORY_QUESTIONS,
    IMPACT,
    NOT_REVIEWABLE,
    OPTIONS,
    SPECIFICITY,
    STEPS,
    VALUES,
    AmbitionCheck,
    policy_tags,
    verdict,
)

_SIMILAR_COLUMNS = ["id", "country", "year_submitted", "short_title", "potential_impact",
                    "completion_progress"]


def default_path() -> Path:
    return Path("~/ogp-curriculum") / "ambition_check.json"


def _guided(key: str, options: tuple[str, ...]) -> tuple[w.HTML, w.ToggleButtons, w.HTML]:
    spec = HISTORY_QUESTIONS[key]
    levels = "".join(f"<li><b>{escaped(rating_label(key, o))}</b>: {escaped(_(spec[o]))}</li>"
                     for o in options)
    # Labels in the reader's language; values stay the IRM's English words.
    return (w.HTML(f"<b>{escaped(_(spec['question']))}</b><ul>{levels}</ul>"),
            w.ToggleButtons(options=[(rating_label(key, o), o) for o in options]), w.HTML())


class AmbitionCheckView:
    def __init__(self, check: AmbitionCheck | None = None,
                 save_path: str | Path | None = None) -> None:
        self.check = check or AmbitionCheck()
        big = w.Layout(width="95%", height="70px")
        self.problem = w.Textarea(placeholder=_("What problem does it address, for whom?"),
                                  layout=big)
        self.activities = w.Textarea(placeholder=_("One activity per line"), layout=big)
        self.milestones = w.Textarea(placeholder=_("One milestone per line, with a date"),
                                     layout=big)
        self.lead = w.Text(placeholder=_("Lead institution"), layout=w.Layout(width="60%"))
        self.deadline = w.Text(placeholder=_("YYYY-MM-DD"))
        self.values = {name: w.Checkbox(description=_(name), indent=False) for name in VALUES}
        self.tags = w.SelectMultiple(options=policy_tags(), rows=8,
                                     description=_("Policy areas"))
        # The current questions: one at a time, one button per answer.
        self.question = w.HTML()
        self.option_buttons: dict[str, dict[str, w.Button]] = {
            name: {value: w.Button(description=rating_label(name, value))
                   for value in OPTIONS[name]}
            for name in STEPS}
        for name, buttons in self.option_buttons.items():
            for value, button in buttons.items():
                button.on_click(lambda _, n=name, v=value: self.answer(n, v))
        self.options = w.HBox()
        self.back_button = w.Button(description=_("Change my last answer"), icon="undo")
        self.back_button.on_click(lambda _: self.undo())
        self.answered = w.HTML()
        spec_q, self.specificity, _unused = _guided("specificity", SPECIFICITY)
        impact_q, self.impact, _unused = _guided("potential_impact", IMPACT)
        done_q, self.completion, _unused = _guided("completion", COMPLETION)
        self.specificity.value, self.impact.value, self.completion.value = (
            self.check.history.specificity, self.check.history.potential_impact,
            self.check.history.completion)
        self.history = w.Accordion(children=[w.VBox([
            w.HTML("<p>" + _("Before the 2020 refresh the IRM rated specificity, relevance, "
                             "potential impact and completion, and starred model commitments. "
                             "These questions are <b>history</b>: they show how a commitment "
                             "would have been judged then, not how the IRM reviews a new "
                             "action plan today.") + "</p>"),
            spec_q, self.specificity, impact_q, self.impact, done_q, self.completion])])
        self.history.set_title(0, _("History: the pre-2020 stars"))
        self.history.selected_index = None
        self.check_button = w.Button(description=_("Check my commitment"), button_style="primary",
                                     icon="check")
        self.feedback = w.HTML()
        self.similar = w.HTML()
        self.path = w.Text(value=str(save_path or default_path()), description=_("Draft file"),
                           style={"description_width": "initial"}, layout=w.Layout(width="95%"))
        self.save_button = w.Button(description=_("Save draft"), icon="save")
        self.load_button = w.Button(description=_("Load draft"), icon="folder-open")
        self.status = w.Label()
        self.check_button.on_click(lambda _: self.run_check())
        self.save_button.on_click(lambda _: self.save())
        self.load_button.on_click(lambda _: self.load())
        value_help = "".join(f"<li><b>{escaped(_(k))}</b>: {escaped(_(v))}</li>"
                             for k, v in VALUES.items())
        self.widget = w.VBox([
            w.HTML("<h4>" + _("1. Draft the commitment") + "</h4><b>" + _("Problem") + "</b>"),
            self.problem,
            w.HTML("<b>" + _("Activities") + "</b>"), self.activities,
            w.HTML("<b>" + _("Milestones") + "</b>"), self.milestones,
            w.HTML("<b>" + _("Lead institution") + "</b>"), self.lead,
            w.HTML("<b>" + _("End date") + "</b>"), self.deadline,
            w.HTML(_("<b>OGP values</b> (tick all that apply)") + f"<ul>{value_help}</ul>"),
            w.VBox(list(self.values.values())), self.tags,
            w.HTML("<h4>" + _("2. Answer the IRM's current questions") + "</h4>"),
            self.answered, self.question, self.options, self.back_button,
            self.history, self.check_button, self.feedback, self.similar,
            self.path, w.HBox([self.save_button, self.load_button]), self.status,
        ])

        self._render_question()

    def _render_question(self) -> None:
        a = self.check.assessment
        done = [f"<li>{escaped(_(CURRENT_QUESTIONS[name]['question']))} "
                f"<b>{escaped(rating_label(name, str(getattr(a, name))))}</b></li>"
                for name in STEPS if getattr(a, name) is not None]
        said = "".join(f"<p>{escaped(line)}</p>" for line in verdict(a))
        self.answered.value = (f"<ol>{''.join(done)}</ol>{said}" if done else "")
        current = self.check.step
        self.back_button.disabled = not done
        if current in (DONE, NOT_REVIEWABLE):
            self.question.value = ("<p>" + _("<b>All three questions answered.</b>") + "</p>"
                                   if current == DONE else
                                   "<p>" + _("<b>The review stops here:</b> the IRM does not "
                                             "assess a commitment that is not verifiable any "
                                             "further.") + "</p>")
            self.options.children = []
            return
        spec = CURRENT_QUESTIONS[current]
        levels = "".join(f"<li><b>{escaped(rating_label(current, o))}</b>: "
                         f"{escaped(_(spec[o]))}</li>" for o in OPTIONS[current])
        self.question.value = f"<p><b>{escaped(_(spec['question']))}</b></p><ul>{levels}</ul>"
        self.options.children = list(self.option_buttons[current].values())

    def answer(self, question: str, value: str) -> None:
        try:
            self.check.answer(question, value)
        except InputError as error:
            self.status.value = _("Not recorded: {error}").format(error=error)
            return
        self._render_question()

    def undo(self) -> None:
        self.check.back()
        self._render_question()

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)

    def _store(self) -> None:
        self.check.set_draft(
            problem=self.problem.value, activities=self.activities.value,
            milestones=self.milestones.value, lead=self.lead.value,
            deadline=self.deadline.value.strip(),
            values=[name for name, box in self.values.items() if box.value],
            tags=list(self.tags.value))
        self.check.set_history(specificity=self.specificity.value,
                               potential_impact=self.impact.value,
                               completion=self.completion.value)

    def run_check(self) -> None:
        try:
            self._store()
        except InputError as error:
            self.feedback.value = f"<p role='alert'>{escaped(str(error))}</p>"
            self.similar.value = ""
            return
        f = self.check.feedback()

        def star(earned: bool, rule: str) -> str:
            said = _("would have earned a star") if earned else _("no star")
            return f"<li>{rule}: <b>{said}</b></li>"

        checks = ("".join(f"<li>{escaped(c)}</li>" for c in f.checks)
                  or "<li>" + _("None.") + "</li>")
        said = "".join(f"<li>{escaped(c)}</li>" for c in f.verdict)
        pending = ("" if f.step in (DONE, NOT_REVIEWABLE) else
                   "<li>" + _("Answer the remaining questions above.") + "</li>")
        changes = "".join(f"<li>{escaped(c)}</li>" for c in f.what_would_change)
        against = _("Against the IRM's current questions")
        self.feedback.value = (
            "<h4>" + _("3. Feedback") + "</h4><p><b>" + _("On the draft") + f"</b></p>"
            f"<ul>{checks}</ul><p><b>{against}</b></p>"
            f"<ul>{said}{pending}</ul>"
            "<p>" + _("<b>History: the pre-2020 stars</b> (given your own ratings there)")
            + "</p><ul>"
            + star(f.star_2014, _("2014 rule (moderate or transformative impact)"))
            + star(f.star_2015, _("2015 rule (transformative impact only)"))
            + "</ul>" + ("<p><b>" + _("What would have changed the star") + f"</b></p>"
                         f"<ul>{changes}</ul>" if changes else "")
        )
        if f.similar.empty:
            floor = escaped(rating_label("potential_impact", f.similar_floor))
            self.similar.value = (
                "<p>" + _("Choose one or more policy areas to see real commitments with "
                          "similar tags.") + "</p>" if not self.check.draft.tags else
                "<p>" + _("No rated commitment in the 2016 IRM data shares these tags at "
                          "{level} impact.").format(level=floor) + "</p>")
        else:
            table = shown(f.similar[_SIMILAR_COLUMNS]).to_html(index=False, escape=True,
                                                               border=0)
            floor = escaped(rating_label("potential_impact", f.similar_floor))
            self.similar.value = (
                "<p>" + _("<b>Real commitments with similar tags rated {level}</b> (IRM data, "
                          "mid-2016, old potential-impact scale)").format(level=floor)
                + f"</p>{table}")

    def save(self) -> None:
        try:
            self._store()
            path = self.check.save(self.path.value.strip())
        except (InputError, OSError) as error:
            self.status.value = _("Not saved: {error}").format(error=error)
            return
        self.status.value = _("Saved to {path}").format(path=path)

    def load(self) -> None:
        try:
            self.check.load(self.path.value.strip())
        except InputError as error:
            self.status.value = _("Not loaded (your draft is unchanged): {error}").format(
                error=error)
            return
        d, a = self.check.draft, self.check.history
        self.problem.value, self.activities.value = d.problem, d.activities
        self.milestones.value, self.lead.value, self.deadline.value = (
            d.milestones, d.lead, d.deadline)
        for name, box in self.values.items():
            box.value = name in d.values
        self.tags.value = tuple(t for t in d.tags if t in self.tags.options)
        self.specificity.value, self.impact.value, self.completion.value = (
            a.specificity, a.potential_impact, a.completion)
        self._render_question()
        self.status.value = _("Loaded from {path}").format(path=self.path.value.strip())
