"""The cohort's agenda page (Markdown, for the book) and its handout (HTML, printed to PDF).

Everything a trainer typed is escaped (:mod:`ogp_curriculum.outputs`): the handout is built
from data, never trusted HTML, and its Content-Security-Policy lets no script run.
"""

from __future__ import annotations

import gettext
import subprocess
import tempfile
from pathlib import Path

import pandas as pd
import pycountry

from ogp_curriculum import chromium as chromium_lookup
from ogp_curriculum.chromium import CHROMIUM_ARGS
from ogp_curriculum.cohorts.agenda import Agenda, Slot
from ogp_curriculum.cohorts.definition import Cohort
from ogp_curriculum.cohorts.execute import BuildError
from ogp_curriculum.i18n import N_, Translator, language_for
from ogp_curriculum.outputs import STATIC_PAGE_CSP, csp_meta, html_text, inert_text, md_inline

# Handout and agenda headings in the cohort's language (the package catalogue,
# ogp_curriculum.i18n); page titles stay as the book has them.
_LABELS: dict[str, str] = {
    "agenda": N_("Agenda"),
    "time": N_("Time"),
    "item": N_("Item"),
    "day": N_("Day"),
    "countries": N_("Countries"),
    "profile": N_("IRM profile (2016 data)"),
    "prompts": N_("Reflection prompts"),
    "facilitator": N_("Facilitator"),
    "no_data": N_("No commitments for this country in the 2016 IRM dataset."),
    "opening": N_("Opening: introductions and goals"),
    "break": N_("Break"),
    "day_end": N_("End of day {day}"),
    "closing": N_("Closing: reflections and next steps"),
    "90-minute": N_("90-minute session"),
    "half-day": N_("half day"),
    "two-day": N_("two days"),
    "minutes": N_("{minutes}-minute session"),
    "access": N_("Where to run the notebooks"),
    "pages": N_("Pages for this cohort"),
    "overrun": N_("The selected pages need about {planned} minutes; the sessions have "
                  "{available}. The last session runs {over} minutes over: drop a page or "
                  "choose a longer variant."),
    "reference": N_("Reference"),
    "data_credit": N_("Data: Open Government Partnership, Independent Reporting Mechanism "
                      "data (CC BY 4.0)."),
}


def labels(language: str) -> dict[str, str]:
    """The headings in ``language`` (a cohort's ``fr-CA`` reads French; unknown: English)."""
    words = Translator(language_for(language))
    return {key: words(text) for key, text in _LABELS.items()}


def slot_title(slot: Slot, words: dict[str, str]) -> str:
    """A page keeps its own title; the framing slots speak the cohort's language."""
    if slot.kind in ("page", "block"):
        return slot.title
    return words[slot.kind].format(day=slot.day)


def variant_label(agenda: Agenda, words: dict[str, str]) -> str:
    if agenda.label in words:
        return words[agenda.label]
    return words["minutes"].format(minutes=agenda.label.split()[0])


def country_name(iso3: str, language: str, fallback: str) -> str:
    """The country's name in the cohort's language (pycountry's ISO 3166 translations)."""
    country = pycountry.countries.get(alpha_3=iso3)
    if country is None:
        return fallback
    try:
        translation = gettext.translation(
            "iso3166-1", pycountry.LOCALES_DIR, languages=[language.split("-")[0]]
        )
    except OSError:
        return country.name
    return translation.gettext(country.name)


def _md_escape(text: str) -> str:
    return md_inline(text, 500)


def agenda_markdown(cohort: Cohort, agenda: Agenda) -> str:
    """The root page of the cohort's book (build notes go to the trainer, not here)."""
    words = labels(cohort.language)
    multi_day = len({slot.day for slot in agenda.slots}) > 1
    # The page's title: themes put it into templates unescaped, so no markup characters.
    lines = [f"# {_md_escape(inert_text(cohort.title, 500))}", ""]
    lines += [
        f"**{words['countries']}:** "
        + ", ".join(
            _md_escape(country_name(c.iso3, cohort.language, c.given)) for c in cohort.countries
        ),
        "",
    ]
    contact = cohort.facilitator
    lines += [
        f"**{words['facilitator']}:** {_md_escape(contact['name'])}"
        + (f", {_md_escape(contact['organisation'])}" if contact.get("organisation") else "")
        + f" ({_md_escape(contact['email'])})",
        "",
    ]
    lines += [f"## {words['agenda']} ({_md_escape(variant_label(agenda, words))})", ""]
    header = (f"| {words['day']} " if multi_day else "") + f"| {words['time']} | {words['item']} |"
    lines += [header, "|---" * (header.count("|") - 1) + "|"]
    for slot in agenda.slots:
        item = _md_escape(slot_title(slot, words))
        if slot.entry:
            item = f"[{item}]({slot.entry}.ipynb)"
        day = f"| {slot.day} " if multi_day else ""
        lines.append(f"{day}| {slot.start}–{slot.end} | {item} |")
    if agenda.pages:
        lines += ["", f"## {words['pages']}", ""]
        lines += [f"- [{_md_escape(title)}]({entry}.ipynb)" for entry, title in agenda.pages]
    if agenda.overrun:
        lines += [
            "",
            words["overrun"].format(
                planned=agenda.planned_minutes,
                available=agenda.available_minutes,
                over=agenda.overrun,
            ),
        ]
    return "\n".join(lines) + "\n"


_CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; font-size: 11pt; margin: 1.5cm; color: #111; }
h1 { font-size: 20pt; margin-bottom: 0.2em; }
h2 { font-size: 14pt; border-bottom: 1px solid #555; margin-top: 1.2em; }
table { border-collapse: collapse; width: 100%; margin: 0.5em 0; }
th, td { border: 1px solid #999; padding: 3px 6px; text-align: left; vertical-align: top; }
th { background: #eee; }
td.time { white-space: nowrap; width: 1%; }
.note { border-left: 4px solid #0072B2; padding-left: 8px; }
.country { break-inside: avoid; }
ol li { margin-bottom: 1.5cm; }
@page { size: A4; margin: 1cm; }
"""


def handout_html(
    cohort: Cohort,
    agenda: Agenda,
    profiles: dict[str, pd.DataFrame | None],
    prompts: list[str],
    access_lines: list[str],
) -> str:
    """A self-contained printable page: agenda, each country's profile, the prompts."""
    words = labels(cohort.language)
    esc = html_text
    contact = cohort.facilitator
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{esc(cohort.language)}"><head><meta charset="utf-8">',
        csp_meta(STATIC_PAGE_CSP),
        f"<title>{esc(cohort.title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{esc(cohort.title)}</h1>",
        f"<p><strong>{words['facilitator']}:</strong> {esc(contact['name'])}"
        + (f", {esc(contact['organisation'])}" if contact.get("organisation") else "")
        + f" &lt;{esc(contact['email'])}&gt;</p>",
    ]
    if access_lines:
        parts.append(
            f"<p><strong>{words['access']}:</strong> "
            + "<br>".join(esc(line) for line in access_lines)
            + "</p>"
        )
    parts.append(f"<h2>{words['agenda']} ({esc(variant_label(agenda, words))})</h2>")
    multi_day = len({slot.day for slot in agenda.slots}) > 1
    day_head = f"<th>{words['day']}</th>" if multi_day else ""
    parts.append(
        f"<table><thead><tr>{day_head}<th>{words['time']}</th>"
        f"<th>{words['item']}</th></tr></thead><tbody>"
    )
    for slot in agenda.slots:
        day = f"<td>{slot.day}</td>" if multi_day else ""
        parts.append(
            f'<tr>{day}<td class="time">{slot.start}–{slot.end}</td>'
            f"<td>{esc(slot_title(slot, words))}</td></tr>"
        )
    parts.append("</tbody></table>")
    if agenda.overrun:
        parts.append(
            '<p class="note">'
            + esc(
                words["overrun"].format(
                    planned=agenda.planned_minutes,
                    available=agenda.available_minutes,
                    over=agenda.overrun,
                )
            )
            + "</p>"
        )
    parts.append(f"<h2>{words['profile']}</h2>")
    for country in cohort.countries:
        name = country_name(country.iso3, cohort.language, country.given)
        parts.append(f'<div class="country"><h3>{esc(name)} ({country.iso3})</h3>')
        table = profiles.get(country.iso3)
        if table is None or table.empty:
            parts.append(f'<p class="note">{words["no_data"]}</p>')
        else:
            parts.append(table.to_html(index=False, escape=True, border=0, na_rep="–"))
        parts.append("</div>")
    parts.append(f"<h2>{words['prompts']}</h2><ol>")
    parts += [f"<li>{esc(prompt)}</li>" for prompt in prompts]
    parts.append("</ol>")
    parts.append(f"<p><small>{esc(words['data_credit'])}</small></p></body></html>")
    return "\n".join(parts) + "\n"


def chromium() -> str:
    """The chromium that prints the handout (found by :mod:`ogp_curriculum.chromium`)."""
    try:
        return str(chromium_lookup.require())
    except chromium_lookup.ChromiumMissing as missing:
        raise BuildError(f"the handout PDF needs {missing}") from None


def print_pdf(page: Path, pdf: Path, *, timeout: int = 120) -> None:
    """Print ``page`` to ``pdf`` with headless chromium, in a throw-away profile."""
    with tempfile.TemporaryDirectory(prefix="ogp-chromium-") as profile:
        command = [
            chromium(),
            *CHROMIUM_ARGS,
            f"--user-data-dir={profile}",
            "--no-pdf-header-footer",
            f"--print-to-pdf={pdf}",
            page.resolve().as_uri(),
        ]
        try:
            subprocess.run(command, capture_output=True, timeout=timeout, check=False)
        except subprocess.TimeoutExpired:
            raise BuildError(f"chromium took over {timeout} s to print the handout") from None
    if not pdf.is_file() or pdf.read_bytes()[:5] != b"%PDF-":
        raise BuildError("chromium did not write the handout PDF")
