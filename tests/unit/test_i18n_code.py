"""Strings made by code (ogp_curriculum.i18n): catalogues, extraction, widgets, charts, CLI.

Widgets are driven the way a learner drives them (set values, click buttons) with ``OGP_LANG``
set, as the per-language book builds and cohort packs do.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from ogp_curriculum import i18n
from ogp_curriculum.cli import main
from ogp_curriculum.i18n import (
    LANGUAGES,
    LOCALE_DIR,
    UnknownLanguage,
    format_date,
    format_number,
    format_percent,
    rating_label,
    set_language,
    translator,
)
from ogp_curriculum.paths import data_dir

PACKAGE = Path(i18n.__file__).resolve().parents[1]
TEMPLATE = LOCALE_DIR / "ogp_curriculum.pot"
TRANSLATED = [lang for lang in LANGUAGES if lang != "en"]
PLACEHOLDER = re.compile(r"\{[^{}]*\}|%(?:\([a-z_]+\))?[sdr]")  # str.format, argparse
TAG = re.compile(r"</?[a-zA-Z][^<>]*>")
# A few words per language that a widget must show (and the English it must not).
WORDS = {
    "fr": {"back": "Retour", "happened": "Ce qui s'est passé", "debrief": "Bilan",
           "saved": "Enregistré dans", "question": "Question 1 sur", "correct": "Exact.",
           "actor": "Acteur", "error": "erreur\u00a0:"},
    "es": {"back": "Atrás", "happened": "Lo que ocurrió", "debrief": "Balance",
           "saved": "Guardado en", "question": "Pregunta 1 de", "correct": "Correcto.",
           "actor": "Actor", "error": "error:"},
}


@pytest.fixture(autouse=True)
def _fresh_language(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.delenv("OGP_LANG", raising=False)
    set_language(None)
    yield
    i18n._chosen = None


@pytest.fixture(params=TRANSLATED)
def lang(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("OGP_LANG", request.param)
    return str(request.param)


def _catalogue(lang: str):  # type: ignore[no-untyped-def]
    with i18n.catalogue_path(lang).open("rb") as handle:
        return read_po(handle, locale=lang)


def _key(message) -> tuple[str | None, object]:  # type: ignore[no-untyped-def]
    return (message.context, message.id)


# --- catalogues -------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_is_complete_and_keeps_placeholders_and_tags(lang: str) -> None:
    catalogue = _catalogue(lang)
    messages = [m for m in catalogue if m.id]
    assert len(messages) > 300
    for message in messages:
        ids = message.id if isinstance(message.id, tuple) else (message.id,)
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        assert all(s.strip() for s in strings), f"{lang}: untranslated {message.id!r}"
        assert not message.fuzzy, f"{lang}: fuzzy {message.id!r}"
        wanted = sorted(PLACEHOLDER.findall(ids[-1]))
        tags = sorted(TAG.findall(ids[-1]))
        for text in strings:
            assert sorted(PLACEHOLDER.findall(text)) == wanted, f"{lang}: {message.id!r}"
            assert sorted(TAG.findall(text)) == tags, f"{lang}: {message.id!r}"


@pytest.mark.parametrize("lang", TRANSLATED)
def test_catalogue_says_it_is_machine_assisted_and_pending_review(lang: str) -> None:
    # The header comment, which `i18n update` (pybabel) keeps; it drops custom X- headers.
    text = i18n.catalogue_path(lang).read_text(encoding="utf-8")
    assert text.startswith("# ")
    assert "# Machine-assisted translation, pending review by a native speaker." in text
    assert _catalogue(lang).locale.language == lang


def test_every_message_in_the_code_is_in_the_template_and_the_catalogues() -> None:
    keywords = {"_": None, "gettext": None, "ngettext": (1, 2), "pgettext": ((1, "c"), 2),
                "N_": None, "NP_": ((1, "c"), 2)}
    found = set()
    root = PACKAGE.parents[1]
    sources = [(PACKAGE, "**.py", "python")] + [
        (root / folder, "**.ipynb", "ogp_curriculum.i18n.extract:extract_notebook")
        for folder in ("modules", "exercises")]
    for folder, pattern, method in sources:
        for _file, _line, message, _comments, context in extract_from_dir(
            str(folder), method_map=[(pattern, method)], keywords=keywords
        ):
            found.add((context, message if isinstance(message, str) else tuple(message)))
    with TEMPLATE.open("rb") as handle:
        template = {_key(m) for m in read_po(handle) if m.id}
    assert found - template == set(), "run pybabel extract (see babel.cfg)"
    assert template - found == set(), "the template has messages no code uses any more"
    for lang in TRANSLATED:
        assert {_key(m) for m in _catalogue(lang) if m.id} == template, lang


def test_catalogues_are_read_from_po_files_shipped_with_the_package() -> None:
    assert not list(LOCALE_DIR.rglob("*.mo"))
    assert translator("fr")("Back") == "Retour"
    assert translator("es").ngettext("{count} country", "{count} countries", 2) == "{count} países"
    assert translator("en")("Back") == "Back"


# --- language choice --------------------------------------------------------------------------
def test_explicit_language_beats_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OGP_LANG", "es")
    assert set_language("FR") == "fr"
    assert i18n._("Back") == "Retour"
    assert set_language(None) == "es"
    assert i18n._("Back") == "Atrás"


@pytest.mark.parametrize("hostile", ["xx", "fr\n<script>", "../../etc", "français", " "])
def test_hostile_ogp_lang_in_a_notebook_warns_once_and_gives_english(
    hostile: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OGP_LANG", hostile)
    i18n._warned.clear()
    assert set_language(None) == "en"
    assert i18n._("Back") == "Back"
    if hostile.strip():  # every later reader agrees: no traceback from a strict caller
        assert i18n.current_language() == "en"
    err = capsys.readouterr().err
    if hostile.strip():
        assert err.count("\n") == 1 and err.startswith("warning: OGP_LANG:")
        assert "<script>\n" not in err and "using English" in err
    else:
        assert err == ""


def test_an_explicit_unknown_language_is_refused() -> None:
    with pytest.raises(UnknownLanguage, match="language: 'de' is not one of"):
        set_language("de")


def test_cli_refuses_a_hostile_ogp_lang_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OGP_LANG", "zz\x1b[31m")
    assert main(["quiz", "check"]) == 2
    out = capsys.readouterr()
    assert out.out == "" and out.err.count("\n") == 1
    assert out.err.startswith("error: OGP_LANG: ") and "\x1b" not in out.err


def test_argparse_speaks_the_trainers_language(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("OGP_LANG", "es")
    with pytest.raises(SystemExit) as stopped:
        main(["quiz"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith("uso: ") and "se requieren los siguientes argumentos" in err
    monkeypatch.setenv("OGP_LANG", "en")
    with pytest.raises(SystemExit):
        main(["quiz"])
    assert "the following arguments are required" in capsys.readouterr().err


def test_cli_errors_speak_the_trainers_language(
    lang: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["quiz", "show", "no-such-quiz"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(WORDS[lang]["error"]) and err.count("\n") == 1


# --- numbers, percentages, dates --------------------------------------------------------------
def test_babel_formats_follow_the_language() -> None:
    assert format_percent(0.12, language="en") == "12%"
    assert format_percent(0.147, digits=1, language="en") == "14.7%"
    assert re.fullmatch(r"14,7[\u00a0\u202f]%", format_percent(0.147, digits=1, language="fr"))
    assert re.fullmatch(r"12[\u00a0\u202f]%", format_percent(0.12, language="es"))
    assert format_number(1927, language="en") == "1,927"
    assert re.fullmatch(r"1[\u00a0\u202f]927", format_number(1927, language="fr"))
    assert format_number(12345, language="es") == "12.345"
    assert format_date(dt.date(2026, 12, 1), language="fr") == "1 décembre 2026"
    assert format_date(dt.date(2026, 12, 1), language="es") == "1 de diciembre de 2026"


def test_glued_figures_follow_the_page_language(monkeypatch: pytest.MonkeyPatch) -> None:
    from ogp_curriculum.irm import prose

    assert prose.pct(1, 8) == "12.5%" and prose.count(1927) == "1,927"
    monkeypatch.setenv("OGP_LANG", "fr")
    assert re.fullmatch(r"12,5[\u00a0\u202f]%", prose.pct(1, 8))
    assert re.fullmatch(r"1[\u00a0\u202f]927", prose.count(1927))
    assert prose.pct(1, 0) == "s.o."


def test_rating_labels_translate_and_data_values_stay(monkeypatch: pytest.MonkeyPatch) -> None:
    assert rating_label("potential_impact", "Transformative") == "Transformative"
    monkeypatch.setenv("OGP_LANG", "fr")
    assert rating_label("potential_impact", "None") == "aucun"
    assert rating_label("specificity", "None") == "aucune"
    assert rating_label("completion", "Not started") == "non commencé"
    assert rating_label("potential_impact", "Unheard-of level") == "Unheard-of level"
    assert rating_label("completion", "Substantial", language="es") == "sustancial"


# --- widgets ----------------------------------------------------------------------------------
def test_scenario_player_speaks_the_language(lang: str, tmp_path: Path) -> None:
    from ogp_curriculum.scenarios import walk_paths
    from ogp_curriculum.scenarios.view import player, transcript

    view = player(data_dir() / "scenarios" / "national_eprocurement.yml",
                  save_path=tmp_path / "p.json")
    words = WORDS[lang]
    assert view.back_button.description == words["back"]
    for index in next(iter(walk_paths(view.run.scenario))):
        view.choice_buttons[index].click()
        assert words["happened"] in view.feedback.value
        assert "What happened" not in view.feedback.value
    assert words["debrief"] in view.debrief.value and "Final indicators" not in view.debrief.value
    view.save_button.click()
    assert view.status.value.startswith(words["saved"])
    assert translator(lang)("Your choice") in transcript(view)._repr_html_()


def test_quiz_speaks_the_language(lang: str) -> None:
    from ogp_curriculum import quiz

    page = quiz.render_html(quiz.load("01_welcome"))
    assert WORDS[lang]["question"] in page and WORDS[lang]["correct"] in page
    # The verdicts and headings are the code's; the feedback text is the quiz file's (YAML).
    assert '-title">' in page and ">Question 1 of" not in page
    assert "<strong>Not quite.</strong>" not in page and "<strong>Correct.</strong>" not in page


def test_ambition_check_speaks_the_language(lang: str, tmp_path: Path) -> None:
    from ogp_curriculum.tools.ambition_view import AmbitionCheckView

    t = translator(lang)
    view = AmbitionCheckView(save_path=tmp_path / "d.json")
    buttons = view.option_buttons["verifiable"]
    yes_no = {"fr": ["Oui", "Non"], "es": ["Sí", "No"]}[lang]
    assert [b.description for b in buttons.values()] == yes_no
    buttons["Yes"].click()
    assert t("Specific enough to review: someone outside government could check each "
             "activity.") not in view.question.value  # the next question is shown
    assert "Does it have an open-government lens?" not in view.question.value
    view.option_buttons["lens"]["No"].click()
    assert "No open-government lens" not in view.answered.value
    assert [label for label, _v in view.impact.options][-1] == rating_label(
        "potential_impact", "Transformative")
    assert view.impact.value == view.check.history.potential_impact  # values stay English
    view.check_button.click()
    assert t("3. Feedback") in view.feedback.value and "On the draft" not in view.feedback.value
    view.save_button.click()
    assert view.status.value.startswith(WORDS[lang]["saved"])


def test_power_map_speaks_the_language(lang: str, tmp_path: Path) -> None:
    from ogp_curriculum.tools.power_map_view import PowerMapView

    view = PowerMapView(export_path=tmp_path / "map.json")
    assert view.name.description == WORDS[lang]["actor"]
    assert view.table.value == "<i>" + translator(lang)("No actors yet.") + "</i>"
    view.name.value, view.influence.value, view.stance.value = "Finance <b>", 8, -3
    view.add_button.click()
    quadrant = translator(lang)("Powerful opponents")
    assert quadrant in view.status.value and quadrant in view.prompts.value
    assert f"<th>{translator(lang)('Stance')}</th>" in view.table.value
    assert "<th>Stance</th>" not in view.table.value
    view.export_button.click()
    assert translator(lang)("Exported to {path}").split("{")[0] in view.status.value


def test_worksheet_and_reflection_form_speak_the_language(lang: str, tmp_path: Path) -> None:
    from ogp_curriculum.reflections.form import ReflectionForm
    from ogp_curriculum.reflections.view import ReflectionFormView
    from ogp_curriculum.tools.worksheet_view import WorksheetView

    t = translator(lang)
    sheet = WorksheetView(save_path=tmp_path / "w.json")
    assert sheet.save_button.description == t("Save answers")
    assert "questions answered" not in sheet.progress.value
    view = ReflectionFormView(ReflectionForm(folder=tmp_path))
    assert view.status.value == t("Type your group's name to start saving.")
    view.group.value = "Groupe A"
    view.prompts["resonance"].value = "texte"
    assert view.status.value.startswith(t("saved at {time} in {path}").split("{")[0])
    assert [label for label, _v in view.level.options][0] == t("National")


def test_irm_explorer_speaks_the_language(lang: str) -> None:
    from ogp_curriculum.irm.explorer import Explorer, ExplorerState
    from ogp_curriculum.irm.explorer_view import ExplorerView

    t = translator(lang)
    explorer = Explorer()
    view = ExplorerView(explorer, ExplorerState(region="Americas"))
    assert view.region.options[0] == (t("All"), "All")
    assert "commitments match" not in view.summary.value
    assert t("region {value}").format(value="Americas") in view.summary.value
    view.level.value = "Transformative"  # a learner's pick: the value stays the data's word
    assert view.state.level == "Transformative"
    levels = dict(view.level.options)
    assert rating_label("potential_impact", "Transformative") in levels


# --- charts -----------------------------------------------------------------------------------
def test_a_chart_has_french_title_axes_and_description(monkeypatch: pytest.MonkeyPatch) -> None:
    from ogp_curriculum.charts import title_text
    from ogp_curriculum.irm.explorer import Explorer, ExplorerState
    from ogp_curriculum.tools.power_map import PowerMap

    monkeypatch.setenv("OGP_LANG", "fr")
    power = PowerMap()
    power.add("Presse", 5, 0)
    spec = power.chart().to_dict()
    assert title_text(spec) == "Carte des pouvoirs des parties prenantes"
    assert spec["config"]["locale"]["number"]["decimal"] == ","  # axis numbers: 14,7 %
    assert spec["description"].startswith("Nuage de points de 1 acteurs")
    layer = spec["layer"][2]["encoding"]
    assert layer["x"]["title"] == "Position (opposition −5 à soutien +5)"
    assert layer["color"]["title"] == "Quadrant" and "Indécis" in layer["color"]["scale"]["domain"]
    chart = Explorer().chart(ExplorerState(rating="potential_impact")).to_dict()
    assert chart["encoding"]["y"]["title"] == "Part des engagements (%)"
    assert "transformateur" in chart["description"] and "Transformative" not in chart["description"]
    assert re.search(r"\d,\d[\u00a0\u202f]%", chart["description"])


# --- trainer-facing output --------------------------------------------------------------------
def test_handout_labels_and_site_notice_use_an_explicit_language() -> None:
    from ogp_curriculum.cohorts.render import labels
    from ogp_curriculum.site.pages import NOTICE_TEXT, widget_notice

    assert labels("fr")["agenda"] == "Programme"
    assert labels("es-419")["facilitator"] == "Facilitación"
    assert labels("pt-BR")["agenda"] == "Agenda"
    notice = widget_notice([], language="fr")  # the page's language, whatever OGP_LANG says
    assert "exécutez ce notebook pour interagir" in notice and NOTICE_TEXT not in notice
    assert NOTICE_TEXT in widget_notice([], language=None)


def test_displayed_tables_translate_headers_and_levels_not_the_data() -> None:
    import pandas as pd

    from ogp_curriculum.i18n.tables import shown

    data = pd.DataFrame({"country": ["Costa Rica"], "potential_impact": ["None"],
                         "specificity": ["None"], "completion_progress": ["ND"],
                         "custom": [1]}).set_index("country", drop=False)
    data.index.name = "region"
    table = shown(data, language="fr")
    # A header code would type keeps its name, so an exercise's column can still be found.
    assert list(table.columns) == [
        "Pays", "Impact potentiel (potential_impact)", "Spécificité",
        "Niveau d'achèvement (rapport d'étape) (completion_progress)", "custom"]
    assert table.index.name == "Région"
    assert table.iloc[0].tolist() == ["Costa Rica", "aucun", "aucune", "ND", 1]
    assert data["potential_impact"].tolist() == ["None"]  # the data keep the IRM's words
    assert shown(data, language="en") is data  # English is the source: names code uses
    stalls = pd.DataFrame({"n": [3], "Not started %": [10.0]},
                          index=pd.Index(["Minor"], name="potential_impact"))
    assert list(shown(stalls, language="es").columns) == ["n", "no iniciado %"]
    assert list(shown(stalls, language="es").index) == ["menor"]


def test_no_message_hides_inside_an_f_string() -> None:
    """pybabel extract cannot see ``_("...")`` inside an f-string's braces (Python 3.11)."""
    import io
    import tokenize

    hidden = []
    for path in PACKAGE.rglob("*.py"):
        tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
        for token in tokens:
            if (token.type == tokenize.STRING and token.string[:2].lower() in ("f'", 'f"')
                    and re.search(r"\{[^{}]*\b(?:_|gettext|ngettext)\(['\"]", token.string)):
                hidden.append(f"{path.name}:{token.start[0]}")
    assert hidden == []
