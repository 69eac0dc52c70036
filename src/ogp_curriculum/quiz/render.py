"""A quiz as HTML (one ``<details>`` per option) or as plain text; every trainer text escaped.

The HTML needs neither JavaScript nor a kernel, so the feedback opens the same way in
Jupyter and in the built static book.
"""

from __future__ import annotations

from ogp_curriculum import sources
from ogp_curriculum.i18n import _
from ogp_curriculum.outputs import html_text as _e  # the one HTML escape
from ogp_curriculum.quiz.model import Quiz

_LETTERS = "ABCDEFGH"  # the schema allows at most 8 options

_STYLE = """<style>
.ogp-quiz{border:1px solid currentColor;border-radius:6px;padding:0.5em 1em;margin:1em 0}
.ogp-quiz ul.ogp-quiz-options{list-style:none;padding-left:0}
.ogp-quiz details{border:1px solid rgba(127,127,127,.6);border-radius:4px;margin:.4em 0;
padding:.3em .6em}
.ogp-quiz summary{cursor:pointer}
.ogp-quiz details[open] summary{font-weight:bold}
.ogp-quiz .ogp-quiz-feedback{margin:.4em 0 .2em 1.2em}
</style>"""


def render_html(quiz: Quiz, *, heading_level: int = 3) -> str:
    """The quiz as self-contained HTML: headings, then one <details> per option."""
    if not 1 <= heading_level <= 5:
        raise ValueError("heading_level must be between 1 and 5")
    h, hq = heading_level, heading_level + 1
    base = f"ogp-quiz-{_e(quiz.id)}"
    intro = quiz.intro or _(
        "Pick the answer you think is right, then open it to see the feedback. "
        "You can open the other answers too: each one explains why it is right or not."
    )
    out = [
        _STYLE,
        f'<section class="ogp-quiz" aria-labelledby="{base}-title">',
        f'<h{h} id="{base}-title">{_e(quiz.title)}</h{h}>',
        f"<p>{_e(intro)}</p>",
    ]
    total = len(quiz.questions)
    for number, question in enumerate(quiz.questions, start=1):
        qid = f"{base}-{_e(question.id)}"
        several = question.several_correct
        hint = _("More than one answer is right.") if several else _("One answer is right.")
        of_total = _("Question {number} of {total}").format(number=number, total=total)
        out += [
            f'<div class="ogp-quiz-question" role="group" aria-labelledby="{qid}">',
            f'<h{hq} id="{qid}">{_e(of_total)}</h{hq}>',
            f'<p class="ogp-quiz-prompt">{_e(question.prompt)}</p>',
            f'<p class="ogp-quiz-hint"><em>{hint}</em></p>',
            '<ul class="ogp-quiz-options">',
        ]
        for letter, option in zip(_LETTERS, question.options, strict=False):
            verdict = _("Correct.") if option.correct else _("Not quite.")
            symbol = "&#10003;" if option.correct else "&#10007;"
            cited = (' <span class="ogp-quiz-source">'
                     + _e(_("(Source: {source})").format(source=sources.label(option.source)))
                     + "</span>" if option.source else "")
            out.append(
                f"<li><details><summary>{letter}. {_e(option.text)}</summary>"
                f'<p class="ogp-quiz-feedback"><span aria-hidden="true">{symbol}</span> '
                f"<strong>{verdict}</strong> {_e(option.feedback)}{cited}</p></details></li>"
            )
        out += ["</ul>", "</div>"]
    out.append("</section>")
    return "\n".join(out)


def render_text(quiz: Quiz) -> str:
    """A plain-text version: the questions first, the answers after, for terminals."""
    lines = [quiz.title, ""]
    for number, question in enumerate(quiz.questions, start=1):
        lines.append(_("Question {number}: {prompt}").format(number=number,
                                                              prompt=question.prompt))
        lines += [f"  {letter}. {o.text}" for letter, o in zip(_LETTERS, question.options,
                                                               strict=False)]
        lines.append("")
    lines.append(_("Answers"))
    for number, question in enumerate(quiz.questions, start=1):
        for letter, option in zip(_LETTERS, question.options, strict=False):
            verdict = _("correct") if option.correct else _("not quite")
            cited = (" " + _("(Source: {source})").format(source=sources.label(option.source))
                     if option.source else "")
            lines.append(f"  {number}{letter} ({verdict}): {option.feedback}{cited}")
    return "\n".join(lines)
