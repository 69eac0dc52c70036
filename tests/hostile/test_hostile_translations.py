"""Hostile translations: the French trainer YAML (data/i18n/<lang>/) and the glossary.

The same table as tests/hostile/test_hostile_inputs.py, for the files a translator hands in:

- odd files (empty, 50 MB, latin-1, a folder) at the place of a translation or of the
  glossary give ONE line naming the file (and its language), no traceback, nothing written;
- a translated string that is HTML, Markdown or a spreadsheet formula is shown as text
  wherever the book shows it: the scenario player, the quiz, the worksheet (widget and
  Markdown export), the agenda table, the reflection reports (Markdown, HTML, CSV) and the
  glossary table.

Each translation here is the shipped French one with ONE text changed, so the structure-parity
check passes and the hostile text really reaches the output.
"""

from __future__ import annotations

import html
import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml
from test_hostile_inputs import api_error, assert_one_line, run, tree
from test_hostile_outputs import FORMULAS, HOSTILE, csv_problems, html_problems, markdown_problems

from ogp_curriculum.errors import InputError
from ogp_curriculum.inputs import field_path
from ogp_curriculum.paths import data_dir

pytestmark = pytest.mark.hostile

DATA = data_dir()
MB = 1024 * 1024


def _empty(path: Path) -> None:
    path.write_bytes(b"")


def _comments_only(path: Path) -> None:
    path.write_text("# Traduction assistée par machine, en attente de relecture\n",
                    encoding="utf-8")


def _fifty_mb(path: Path) -> None:
    path.write_bytes(b"title: " + b"x" * (50 * MB) + b"\n")


def _latin1(path: Path) -> None:
    path.write_bytes("title: Participation citoyenne à la réforme\n".encode("latin-1"))


def _folder(path: Path) -> None:
    path.mkdir()


# kind -> (how to make it, words the one error line must hold)
ODD_FILES: dict[str, tuple[Callable[[Path], None], str]] = {
    "empty": (_empty, "is empty"),
    "comments-only": (_comments_only, "is empty"),
    "50mb": (_fifty_mb, "too large (50.0 MB"),
    "latin-1": (_latin1, "not UTF-8"),
    "folder": (_folder, "a folder"),
}


def _scenario() -> object:
    from ogp_curriculum.scenarios import load_scenario

    return load_scenario(data_dir() / "scenarios" / "national_eprocurement.yml")


def _quiz() -> object:
    from ogp_curriculum import quiz

    return quiz.load("01_welcome")


def _worksheet() -> object:
    from ogp_curriculum.tools.worksheet import load_definition

    return load_definition()


def _options() -> object:
    from ogp_curriculum.reflections.schema import load_options

    return load_options()


def _agenda() -> object:
    from ogp_curriculum import agendas

    return agendas.load(agendas.agenda_file("half-day"))


# kind -> (the file under data/ and data/i18n/fr/, the loader a notebook or command calls)
TRANSLATED: dict[str, tuple[str, Callable[[], object]]] = {
    "scenario": ("scenarios/national_eprocurement.yml", _scenario),
    "quiz": ("quizzes/01_welcome.yml", _quiz),
    "worksheet": ("worksheets/everyday_political_analysis.yml", _worksheet),
    "options": ("reflections/options.yaml", _options),
    "agenda": ("agendas/half-day.yml", _agenda),
}


@pytest.fixture()
def fr_data(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A copy of the book's definitions and their translations, read in French."""
    data = tmp_path / "data"
    shutil.copytree(DATA, data, ignore=shutil.ignore_patterns("irm", "cohorts"))
    monkeypatch.setenv("OGP_CURRICULUM_DATA", str(data))
    monkeypatch.setenv("OGP_LANG", "fr")
    monkeypatch.chdir(tmp_path)
    from ogp_curriculum import i18n

    monkeypatch.setattr(i18n, "_chosen", None)  # OGP_LANG decides, whatever a test chose before
    return data


def translation_of(data: Path, kind: str) -> Path:
    return data / "i18n" / "fr" / TRANSLATED[kind][0]


PLACEHOLDER = re.compile(r"\{[A-Za-z_][A-Za-z0-9_]*\}")


def change_text(path: Path, where: list[Any], text: str) -> None:
    """The translation with one text replaced, keeping its {placeholders} (so its structure
    and its parity with the English hold, and the text reaches the output)."""
    document = yaml.safe_load(path.read_text(encoding="utf-8"))
    node = document
    for part in where[:-1]:
        node = node[part]
    assert isinstance(node[where[-1]], str), where
    kept = PLACEHOLDER.findall(node[where[-1]])
    node[where[-1]] = " ".join([text, *kept])
    path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10**6),
                    encoding="utf-8")


# --- odd files -----------------------------------------------------------------------------


@pytest.mark.parametrize("odd", sorted(ODD_FILES))
@pytest.mark.parametrize("kind", sorted(TRANSLATED))
def test_loader_refuses_an_odd_translation(kind: str, odd: str, fr_data: Path) -> None:
    target = translation_of(fr_data, kind)
    target.unlink()
    make, words = ODD_FILES[odd]
    make(target)
    before = tree(fr_data.parent)
    api_error(TRANSLATED[kind][1], str(target), "(fr)", words)
    assert tree(fr_data.parent) == before


@pytest.mark.parametrize("named", [True, False], ids=["named", "all-files"])
@pytest.mark.parametrize("odd", sorted(ODD_FILES))
def test_check_yaml_refuses_an_odd_translation(odd: str, named: bool, fr_data: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    """Named on the command line, or found among all the translations (the other files
    are still checked and reported ok)."""
    target = translation_of(fr_data, "scenario")
    target.unlink()
    make, words = ODD_FILES[odd]
    make(target)
    before = tree(fr_data.parent)
    code, out, err = run(["i18n", "check-yaml", *([str(target)] if named else [])], capsys)
    assert_one_line(code, err, 2, str(target), "(fr)", words)
    assert tree(fr_data.parent) == before
    if not named:
        assert "quizzes/01_welcome.yml (fr): ok" in out and "glossary.yml: ok" in out


@pytest.mark.parametrize("odd", sorted(ODD_FILES))
def test_glossary_refuses_an_odd_file(odd: str, fr_data: Path) -> None:
    from ogp_curriculum.i18n.glossary import load_glossary

    target = fr_data / "i18n" / "glossary.yml"
    target.unlink()
    make, words = ODD_FILES[odd]
    make(target)
    before = tree(fr_data.parent)
    api_error(load_glossary, str(target), words)
    assert tree(fr_data.parent) == before


@pytest.mark.parametrize("odd", sorted(ODD_FILES))
def test_check_yaml_names_an_odd_glossary(odd: str, fr_data: Path,
                                          capsys: pytest.CaptureFixture[str]) -> None:
    """``i18n check-yaml`` (every translation and the glossary) reports it in one line."""
    target = fr_data / "i18n" / "glossary.yml"
    target.unlink()
    make, words = ODD_FILES[odd]
    make(target)
    before = tree(fr_data.parent)
    code, _, err = run(["i18n", "check-yaml"], capsys)
    assert_one_line(code, err, 2, str(target), words)
    assert tree(fr_data.parent) == before


def test_the_glossary_page_names_an_odd_glossary(fr_data: Path) -> None:
    """The Sphinx hook that draws the table fails the build with one line, not a traceback."""
    from sphinx.errors import ExtensionError

    from ogp_curriculum.i18n import glossary

    target = fr_data / "i18n" / "glossary.yml"
    target.write_bytes("schema_version: 1\nterms: Participación\n".encode("latin-1"))

    class Config:
        language = "fr"

    class App:
        config = Config()

    source = [f"# Glossaire\n\n{glossary.MARKER}\n"]
    with pytest.raises(ExtensionError) as caught:
        glossary._source_read(App(), "reference/glossary", source)
    text = str(caught.value)
    assert "\n" not in text and str(target) in text and "not UTF-8" in text


# --- hostile text in a translated string ---------------------------------------------------

# Cases a translation can carry to a page. Control characters: the outputs tests cover them
# for every escape helper. A text with a {name} of its own is refused by the parity check
# (test_a_translation_adding_a_placeholder_is_refused).
SHOWN = sorted(case for case, text in HOSTILE.items()
               if case != "control-characters" and not PLACEHOLDER.search(text))


def _one_line(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("case", SHOWN)
def test_scenario_player_shows_a_hostile_translation_as_text(case: str, fr_data: Path) -> None:
    from ogp_curriculum.scenarios.view import ScenarioPlayer

    target = translation_of(fr_data, "scenario")
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    start = document["start"]
    text = _one_line(HOSTILE[case])
    for where in (["title"], ["summary"], ["scenes", start, "text"],
                  ["scenes", start, "choices", 0, "feedback"]):
        change_text(target, where, text)
    player = ScenarioPlayer(_scenario())  # type: ignore[arg-type]
    player.choose(0)
    shown = player.header.value + player.narrative.value + player.feedback.value
    # The header folds the cast into a <details> of its own: the only one allowed.
    assert html_problems(shown) == ["<details>"]
    assert html.escape(text) in shown  # the text is there, escaped


@pytest.mark.parametrize("case", SHOWN)
def test_quiz_shows_a_hostile_translation_as_text(case: str, fr_data: Path) -> None:
    from ogp_curriculum import quiz

    target = translation_of(fr_data, "quiz")
    text = _one_line(HOSTILE[case])
    change_text(target, ["title"], text)
    change_text(target, ["questions", 0, "prompt"], text)
    change_text(target, ["questions", 0, "options", 0, "feedback"], text)
    shipped = quiz.render_html(quiz.load("01_welcome", language="fr"))
    page = quiz.render_html(_quiz())  # type: ignore[arg-type]
    # The quiz folds each answer's feedback into a <details> of its own: no other may come.
    assert sorted(html_problems(page)) == sorted(html_problems(shipped))
    assert html.escape(text) in page


@pytest.mark.parametrize("case", SHOWN)
def test_worksheet_shows_a_hostile_translation_as_text(case: str, fr_data: Path) -> None:
    from ogp_curriculum.tools.worksheet import Worksheet
    from ogp_curriculum.tools.worksheet_view import WorksheetView

    target = translation_of(fr_data, "worksheet")
    text = _one_line(HOSTILE[case])
    for where in (["title"], ["intro"], ["steps", 0, "title"],
                  ["steps", 0, "questions", 0, "text"]):
        change_text(target, where, text)
    sheet = Worksheet(_worksheet())  # type: ignore[arg-type]
    sheet.answers[sheet.definition.steps[0].questions[0].key] = "Une réponse"
    assert markdown_problems(sheet.to_markdown()) == []
    view = WorksheetView(sheet)
    shown = "".join(child.value for child in _html_widgets(view.widget))
    assert html_problems(shown) == []


def _html_widgets(widget: Any) -> list[Any]:
    import ipywidgets as w

    found = [widget] if isinstance(widget, w.HTML) else []
    for child in getattr(widget, "children", ()):
        found += _html_widgets(child)
    return found


@pytest.mark.parametrize("case", SHOWN)
def test_agenda_table_shows_a_hostile_translation_as_text(case: str, fr_data: Path) -> None:
    from ogp_curriculum import agendas

    target = translation_of(fr_data, "agenda")
    text = _one_line(HOSTILE[case])
    for where in (["sessions", 0, "blocks", 0, "title"],
                  ["sessions", 0, "blocks", 0, "lead"],
                  ["sessions", 0, "blocks", 0, "objectives", 0],
                  ["sessions", 0, "blocks", 0, "outputs", 0]):
        change_text(target, where, text)
    plan = agendas.load(agendas.agenda_file("half-day"))
    for folder in ("trainers", None):
        page = agendas.to_markdown(plan, from_folder=folder, language="fr")
        assert markdown_problems(_without_line_breaks(page)) == []


def _without_line_breaks(page: str) -> str:
    # The agenda table itself puts "<br>" between a block's steps: the one tag it may hold.
    return page.replace("<br>", " ")


def _hand_in(folder: Path, options: dict[str, Any]) -> Path:
    from ogp_curriculum.reflections.schema import empty_reflection

    folder.mkdir()
    document = empty_reflection("Groupe du port (fictif)")
    document["challenges"]["selected"] = [options["challenges"][0]["id"]]
    document["twp_approaches"]["selected"] = [options["twp_approaches"][0]["id"]]
    (folder / "group.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def _french_report(fr_data: Path, text: str,
                   capsys: pytest.CaptureFixture[str]) -> dict[str, str]:
    target = translation_of(fr_data, "options")
    change_text(target, ["challenges", 0, "label"], text)
    change_text(target, ["twp_approaches", 0, "label"], text)
    change_text(target, ["themes", 0, "label"], text)
    options = yaml.safe_load(target.read_text(encoding="utf-8"))
    folder = _hand_in(fr_data.parent / "hand-ins", options)
    out = fr_data.parent / "report"
    code, _, err = run(["reflections", "report", str(folder), "--out", str(out)], capsys)
    assert code == 0, err
    return {p.suffix: p.read_text(encoding="utf-8") for p in out.iterdir()}


@pytest.mark.parametrize("case", SHOWN)
def test_reflection_reports_show_a_hostile_translated_option_as_text(
    case: str, fr_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from test_hostile_outputs import REPORT_HTML_TAGS

    files = _french_report(fr_data, _one_line(HOSTILE[case]), capsys)
    assert markdown_problems(files[".md"]) == []
    assert html_problems(files[".html"], REPORT_HTML_TAGS) == []
    assert csv_problems(files[".csv"]) == []


# Formulas that survive a YAML round trip as one line (the others need a control character).
ONE_LINE_FORMULAS = sorted(
    case for case, text in FORMULAS.items() if text == text.strip() and "\n" not in text
    and "\r" not in text and "\x0b" not in text)


@pytest.mark.parametrize("case", [*ONE_LINE_FORMULAS, "hyperlink", "plus-cmd"])
def test_reflection_csv_has_no_live_formula_from_a_translated_option(
    case: str, fr_data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = {"hyperlink": '=HYPERLINK("http://example.org/x","Cliquez ici")',
            "plus-cmd": "+cmd|' /C calc'!A0"}.get(case) or FORMULAS[case]
    files = _french_report(fr_data, text, capsys)
    assert csv_problems(files[".csv"]) == []
    assert text in files[".csv"].replace('""', '"')  # kept, as text after an apostrophe


@pytest.mark.parametrize("case", SHOWN)
def test_glossary_table_shows_a_hostile_translation_as_text(case: str, fr_data: Path) -> None:
    from ogp_curriculum.i18n import glossary

    target = fr_data / "i18n" / "glossary.yml"
    text = _one_line(HOSTILE[case])
    # (An abbreviation must be 2-6 capitals: the schema refuses markup there.)
    change_text(target, ["terms", 0, "fr", "term"], text)
    change_text(target, ["terms", 0, "es", "variants", 0, "note"], text)
    change_text(target, ["terms", 0, "es", "why"], text)
    table = glossary.render_html(glossary.load_glossary(target), "fr")
    allowed = {"table", "caption", "thead", "tbody", "tr", "th", "td", "span", "br", "small",
               "a", "em"}
    assert html_problems(table, allowed) == []


def test_a_glossary_source_that_is_not_a_web_address_is_refused(fr_data: Path) -> None:
    from ogp_curriculum.i18n.glossary import load_glossary

    target = fr_data / "i18n" / "glossary.yml"
    change_text(target, ["terms", 0, "fr", "source"], "javascript:alert(1)")
    error = api_error(lambda: load_glossary(target), str(target))
    assert isinstance(error, InputError)


@pytest.mark.parametrize("kind", sorted(TRANSLATED))
def test_a_translation_adding_a_placeholder_is_refused(kind: str, fr_data: Path) -> None:
    """A {name} the English text does not have would be filled in (or fail) at run time."""
    target = translation_of(fr_data, kind)
    document = yaml.safe_load(target.read_text(encoding="utf-8"))
    where = ["title"] if "title" in document else ["challenges", 0, "label"]
    change_text(target, where, HOSTILE["math"])
    api_error(TRANSLATED[kind][1], str(target), "(fr)", field_path(where), "placeholders")


# --- odd catalogues (.po) ------------------------------------------------------------------

# A translator's editor saves a page's or the package's catalogue badly: every reader of
# catalogues (ogp_curriculum.i18n.catalogues.read_catalogue) names it in one line.
ODD_CATALOGUES: dict[str, tuple[Callable[[Path], None], str]] = {
    "latin-1": (lambda path: path.write_bytes('msgid "a"\nmsgstr "réforme"\n'.encode("latin-1")),
                "not UTF-8"),
    "3mb": (lambda path: path.write_bytes(b"#" * (3 * MB)), "too large"),
    "folder": (_folder, "a folder"),
}


def _package_strings(path: Path) -> Callable[[], object]:
    """What a notebook calls first in French: the package's own strings, read from ``path``."""
    from ogp_curriculum import i18n

    def read() -> object:
        with pytest.MonkeyPatch.context() as patch:
            patch.setattr(i18n, "catalogue_path", lambda language: path)
            return i18n.translation.__wrapped__("fr")

    return read


def _readers(path: Path) -> dict[str, Callable[[], object]]:
    from ogp_curriculum import agendas
    from ogp_curriculum.i18n import catalogues, notebooks, update

    book = path.parents[3]  # <book>/locales/fr/LC_MESSAGES/<page>.po
    return {
        "status": lambda: catalogues.coverage(path),
        "markup check": lambda: catalogues.markup_problems(path),
        "update --check": lambda: update._messages(path),
        "notebook translation": lambda: notebooks.load_catalogue(path),
        "agenda page titles": lambda: agendas._page_titles.__wrapped__(book, "intro", "fr"),
        "package strings": _package_strings(path),
    }


READERS = ["status", "markup check", "update --check", "notebook translation",
           "agenda page titles", "package strings"]


def _odd_catalogue(tmp_path: Path, odd: str) -> Path:
    target = tmp_path / "book" / "locales" / "fr" / "LC_MESSAGES" / "intro.po"
    target.parent.mkdir(parents=True)
    ODD_CATALOGUES[odd][0](target)
    return target


def test_the_reader_table_holds_every_reader(tmp_path: Path) -> None:
    assert sorted(_readers(tmp_path / "a" / "b" / "c" / "d.po")) == sorted(READERS)


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("odd", sorted(ODD_CATALOGUES))
def test_every_catalogue_reader_names_an_odd_catalogue(odd: str, reader: str,
                                                       tmp_path: Path) -> None:
    target = _odd_catalogue(tmp_path, odd)
    before = tree(tmp_path)
    api_error(_readers(target)[reader], str(target), ODD_CATALOGUES[odd][1])
    assert tree(tmp_path) == before


@pytest.mark.parametrize("odd", sorted(ODD_CATALOGUES))
def test_i18n_status_names_an_odd_catalogue(odd: str, tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    target = _odd_catalogue(tmp_path, odd)
    code, _, err = run(["i18n", "status", "--root", str(tmp_path / "book")], capsys)
    assert_one_line(code, err, 2, str(target), ODD_CATALOGUES[odd][1])
