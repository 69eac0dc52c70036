"""Reports a facilitator can share: Markdown, a standalone HTML page and a CSV of all answers.

Learner text is never trusted: it goes through :mod:`ogp_curriculum.outputs` (HTML and
Markdown escaping, CSV formulas neutralised at every line start) and long answers are cut.
The HTML page loads nothing (no scripts, no external files) and its Content-Security-Policy
forbids scripts outright. The three files are written together or not at all.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import pandas as pd

from ogp_curriculum import outputs
from ogp_curriculum.files import output_error, temporary_folder, write_files
from ogp_curriculum.i18n import _, active_language
from ogp_curriculum.reflections.schema import Options
from ogp_curriculum.reflections.synthesis import (
    PICK_TITLES,
    Cohort,
    answers_table,
    free_text_by_theme,
    option_order,
    pick_counts,
    ranked_suggestions,
    skipped_table,
    submissions_table,
)

REPORT_NAMES = {
    "markdown": "reflections_report.md",
    "html": "reflections_report.html",
    "csv": "reflections_answers.csv",
}
# The report's names for the shared helpers (learner text is cut at REPORT_TEXT_LIMIT).
md_text = outputs.md_inline
csv_cell = outputs.csv_cell


@dataclass(frozen=True)
class Report:
    """Everything the exports show, computed once."""

    title: str
    cohort: Cohort
    options: Options
    generated_at: datetime

    @classmethod
    def build(cls, cohort: Cohort, options: Options, *, title: str = "") -> Report:
        return cls(
            title=title.strip() or _("Plenary synthesis of small-group reflections"),
            cohort=cohort,
            options=options,
            generated_at=datetime.now(UTC),
        )

    @property
    def fictional(self) -> bool:
        return any(s.document.get("fictional") for s in self.cohort.submissions)


# --- Markdown ----------------------------------------------------------------------------
def _md_table(frame: pd.DataFrame) -> list[str]:
    if frame.empty:
        return [_("(none)"), ""]
    head = "| " + " | ".join(md_text(c) for c in frame.columns) + " |"
    rule = "|" + "---|" * len(frame.columns)
    body = [
        "| " + " | ".join(md_text("" if pd.isna(v) else v) for v in row) + " |"
        for row in frame.itertuples(index=False)
    ]
    return [head, rule, *body, ""]


def _wide_counts(report: Report, name: str, by: str) -> pd.DataFrame:
    counts = pick_counts(report.cohort, report.options, name, by)
    if counts.empty:
        return pd.DataFrame(columns=["option"])
    wide = counts.pivot_table(index="option", columns=by, values="groups", fill_value=0)
    wide = wide.reindex(option_order(counts))
    wide["total"] = wide.sum(axis=1)
    wide.columns = [str(c) for c in wide.columns]
    return wide.reset_index().astype({c: int for c in wide.columns})


def _by(name: str, by: str) -> str:
    what = _(PICK_TITLES[name])
    return (_("{what} by level") if by == "level" else _("{what} by country")).format(what=what)


def _read_line(report: Report) -> str:
    cohort = report.cohort
    return _("Hand-ins read: {read}. Files skipped: {skipped}. Generated {when} UTC.").format(
        read=len(cohort.submissions), skipped=len(cohort.skipped),
        when=f"{report.generated_at:%Y-%m-%d %H:%M}")


def to_markdown(report: Report) -> str:
    cohort = report.cohort
    lines = [f"# {md_text(report.title)}", ""]
    if report.fictional:
        lines += ["*" + _("Includes fictional sample reflections (demo cohort).") + "*", ""]
    lines += [
        _read_line(report),
        "",
        "## " + _("Hand-ins"),
        "",
        *_md_table(submissions_table(cohort)),
        "## " + _("Skipped files"),
        "",
        *_md_table(skipped_table(cohort)),
    ]
    for name in ("challenges", "support", "twp_approaches"):
        for by in ("level", "country"):
            table = _md_table(_wide_counts(report, name, by))
            lines += [f"## {_by(name, by)}", "", *table]
    lines += ["## " + _("Suggestions to OGP and its partners, ranked by votes"), ""]
    lines += _md_table(ranked_suggestions(cohort))
    lines += ["## " + _("Free-text answers by theme"), ""]
    for theme, frame in free_text_by_theme(cohort, report.options).items():
        lines += [f"### {md_text(theme)}", ""]
        lines += [
            f"- **{md_text(r.group)}** ({md_text(r.question)}): {md_text(r.answer)}"
            for r in frame.itertuples(index=False)
        ]
        lines.append("")
    return "\n".join(lines)


# --- HTML --------------------------------------------------------------------------------
_CSS = """
body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;
line-height:1.5;color:#111}
table{border-collapse:collapse;margin:0 0 1.5rem}th,td{border:1px solid #999;padding:.25rem .5rem;
text-align:left;vertical-align:top}th{background:#eee}.n{text-align:right}
.bar{display:inline-block;height:.8rem;background:#0072B2;margin-left:.4rem}
.note{background:#fff3cd;padding:.5rem;border-left:4px solid #E69F00}
blockquote{margin:.25rem 0 .75rem 1rem;white-space:pre-wrap}
"""


def _esc(value: object) -> str:
    return outputs.html_text(value, outputs.REPORT_TEXT_LIMIT)


def _html_table(frame: pd.DataFrame, *, caption: str, bars: str | None = None) -> str:
    if frame.empty:
        empty = _("{caption}: none.").format(caption=caption)
        return f"<p>{_esc(empty)}</p>"
    peak = max(int(frame[bars].max()), 1) if bars else 1
    head = "".join(f'<th scope="col">{_esc(c)}</th>' for c in frame.columns)
    rows = []
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row, strict=True):
            if isinstance(value, int | float) and not isinstance(value, bool):
                bar = ""
                if column == bars:
                    bar = f'<span class="bar" style="width:{int(value) * 8 // peak}rem"></span>'
                cells.append(f'<td class="n">{_esc(value)}{bar}</td>')
            else:
                cells.append(f"<td>{_esc(value)}</td>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (
        f"<table><caption>{_esc(caption)}</caption><thead><tr>{head}</tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table>"
    )


def to_html(report: Report) -> str:
    cohort = report.cohort
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{active_language()}"><head><meta charset="utf-8">',
        # No script may run and nothing may be fetched, whatever a learner typed.
        outputs.csp_meta(outputs.STATIC_PAGE_CSP),
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_esc(report.title)}</title><style>{_CSS}</style></head><body><main>",
        f"<h1>{_esc(report.title)}</h1>",
    ]
    if report.fictional:
        parts.append('<p class="note">'
                     + _("Includes fictional sample reflections (demo cohort).") + "</p>")
    parts.append(f"<p>{_esc(_read_line(report))}</p>")
    if cohort.flagged_groups:
        names = ", ".join(cohort.flagged_groups)
        parts.append(
            '<p class="note">'
            + _esc(_("Handed in more than once (all hand-ins kept and counted): "
                     "{groups}.").format(groups=names)) + "</p>"
        )
    parts += [
        "<h2>" + _("Hand-ins") + "</h2>",
        _html_table(submissions_table(cohort), caption=_("Hand-ins read")),
        "<h2>" + _("Skipped files") + "</h2>",
        _html_table(skipped_table(cohort), caption=_("Files skipped and why")),
    ]
    for name in ("challenges", "support", "twp_approaches"):
        for by in ("level", "country"):
            title = _by(name, by)
            parts += [
                f"<h2>{_esc(title)}</h2>",
                _html_table(_wide_counts(report, name, by), caption=title, bars="total"),
            ]
    parts += [
        "<h2>" + _("Suggestions to OGP and its partners, ranked by votes") + "</h2>",
        _html_table(ranked_suggestions(cohort), caption=_("Ranked suggestions"), bars="votes"),
        "<h2>" + _("Free-text answers by theme") + "</h2>",
    ]
    for theme, frame in free_text_by_theme(cohort, report.options).items():
        parts.append(f"<h3>{_esc(theme)}</h3>")
        for r in frame.itertuples(index=False):
            parts.append(
                f"<p><strong>{_esc(r.group)}</strong> ({_esc(r.question)})</p>"
                f"<blockquote>{_esc(r.answer)}</blockquote>"
            )
    parts.append("</main></body></html>")
    return "\n".join(parts) + "\n"


# --- CSV and writing ---------------------------------------------------------------------
def to_csv(report: Report) -> str:
    table = answers_table(report.cohort, report.options)
    return outputs.csv_text(
        list(table.columns), table.itertuples(index=False), outputs.REPORT_TEXT_LIMIT
    )


def report_folder(export_dir: str | Path = "") -> Path:
    """``export_dir``, or (when empty) a temporary folder removed when the kernel exits."""
    if str(export_dir).strip():
        return Path(export_dir).expanduser()
    return temporary_folder("ogp-plenary-")


def write_reports(report: Report, out_dir: str | Path) -> dict[str, Path]:
    """Write the three reports into ``out_dir`` (created if needed): all of them or none.

    Raises ``InputError`` (one line for the trainer) when the folder cannot take them.
    """
    out = Path(out_dir).expanduser()
    contents = {
        "markdown": to_markdown(report),
        "html": to_html(report),
        "csv": to_csv(report),
    }
    # utf-8-sig so spreadsheet programs read accents in the CSV correctly.
    files = {
        REPORT_NAMES[kind]: text.encode("utf-8-sig" if kind == "csv" else "utf-8")
        for kind, text in contents.items()
    }
    try:
        write_files(out, files)
    except OSError as error:
        raise output_error(error, out) from None
    return {kind: out / REPORT_NAMES[kind] for kind in contents}


__all__ = [
    "REPORT_NAMES",
    "Report",
    "csv_cell",
    "md_text",
    "report_folder",
    "to_csv",
    "to_html",
    "to_markdown",
    "write_reports",
]
