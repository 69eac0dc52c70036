"""Cohort definitions: schema, meaning, agenda, links and link rewriting (no kernels)."""

from __future__ import annotations

import textwrap
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pandas as pd
import pytest
import yaml

from ogp_curriculum.cohorts import agenda, book, links
from ogp_curriculum.cohorts import countries as country_data
from ogp_curriculum.cohorts.build import reflection_prompts
from ogp_curriculum.cohorts.definition import load_cohort, toc_notebooks
from ogp_curriculum.cohorts.notebooks import NotebookInfo, parameters_for
from ogp_curriculum.errors import DefinitionError
from ogp_curriculum.paths import repo_root
from ogp_curriculum.reflections.schema import PROMPTS

ROOT = repo_root()
# Stand-ins for ogp_curriculum.irm: a few countries, two of them without 2016 data.
_NAMES = {
    "philippines": "PHL", "phl": "PHL", "ph": "PHL",
    "costa rica": "CRI", "cri": "CRI",
    "tunisia": "TUN", "tun": "TUN",
    "côte d'ivoire": "CIV", "civ": "CIV",
    "burkina faso": "BFA", "bfa": "BFA",
}  # fmt: skip


@pytest.fixture
def standin_irm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(country_data, "resolve_country", lambda n: _NAMES.get(n.strip().lower()))
    monkeypatch.setattr(country_data, "countries_in_data", lambda: frozenset({"PHL", "CRI", "TUN"}))
    monkeypatch.setattr(
        country_data, "country_profile", lambda iso3: pd.DataFrame({"iso3": [iso3], "n": [1]})
    )


BASE = {
    "name": "test-cohort",
    "title": "Test cohort",
    "countries": ["Philippines"],
    "language": "en",
    "include": ["01_welcome"],
    "facilitator": {"name": "A. Trainer (fictional)", "email": "a@example.org"},
}


def write(tmp_path: Path, data: dict | str) -> Path:
    path = tmp_path / "cohort.yml"
    text = data if isinstance(data, str) else yaml.safe_dump(data, allow_unicode=True)
    path.write_text(text, encoding="utf-8")
    return path


def error_for(tmp_path: Path, data: dict | str) -> DefinitionError:
    with pytest.raises(DefinitionError) as caught:
        load_cohort(write(tmp_path, data))
    return caught.value


def test_minimal_cohort_loads_with_defaults(tmp_path: Path, standin_irm: None) -> None:
    cohort = load_cohort(write(tmp_path, BASE))
    assert cohort.iso3 == ["PHL"]
    assert cohort.pages == ("modules/01_welcome",)
    assert cohort.agenda == {"variant": "half-day"}
    assert cohort.notes == ()
    assert cohort.notebook_parameters("modules/01_welcome") == {
        "countries": ["PHL"],
        "cohort_name": "test-cohort",
        "scenario_overrides": {},
        "language": "en",  # the cohort's language, for notebooks that declare `language`
    }


@pytest.mark.parametrize(("tag", "given"), [("fr", "fr"), ("es-419", "es"), ("pt-BR", "en")])
def test_notebooks_get_the_cohorts_language_when_the_book_has_it(
    tmp_path: Path, standin_irm: None, tag: str, given: str
) -> None:
    cohort = load_cohort(write(tmp_path, {**BASE, "language": tag}))
    assert cohort.notebook_parameters("modules/01_welcome")["language"] == given


def test_countries_match_by_name_or_code_and_missing_data_is_a_note(
    tmp_path: Path, standin_irm: None
) -> None:
    cohort = load_cohort(write(tmp_path, {**BASE, "countries": ["tun", "Côte d'Ivoire", "BFA"]}))
    assert cohort.iso3 == ["TUN", "CIV", "BFA"]
    assert [c.has_data for c in cohort.countries] == [True, False, False]
    assert len(cohort.notes) == 2
    assert "Côte d'Ivoire (CIV) has no commitments in the 2016 IRM dataset" in cohort.notes[0]
    assert cohort.notes[1].startswith("BFA has no commitments")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"countries": ["Atlantis"]}, "countries[0]", "unknown country"),
        ({"countries": []}, "countries", "at least one country"),
        ({"countries": "PHL"}, "countries", "must be of type array, not str"),
        ({"countries": ["PHL", "Philippines"]}, "countries[1]", "lists PHL twice"),
        ({"include": ["99_nowhere"]}, "include[0]", "unknown module or exercise"),
        ({"include": []}, "include", "must not be empty"),
        ({"include": ["intro"]}, "include[0]", "unknown module or exercise"),
        ({"name": "../escape"}, "name", "would escape the output folder"),
        ({"name": "/etc"}, "name", "would escape the output folder"),
        ({"name": "Has Spaces"}, "name", "lower-case letters"),
        ({"language": "English"}, "language", "does not match"),
        ({"scenario_overrides": ["a"]}, "scenario_overrides", "must be of type object"),
        (
            {"scenario_overrides": {"01_welcome": {"who": 3}}},
            "scenario_overrides.01_welcome.who",
            "must be of type string, not int",
        ),
        ({"scenario_overrides": {"01_welcome": "x"}}, "scenario_overrides.01_welcome", "object"),
        (
            {"scenario_overrides": {"irm_explorer": {"city": "X"}}},
            "scenario_overrides.irm_explorer",
            "names no page listed under include",
        ),
        ({"agenda": {"variant": "weekly"}}, "agenda.variant", "is not one of"),
        ({"agenda": {"variant": "half-day", "session_minutes": 90}}, "agenda", "exactly one"),
        ({"agenda": {"session_minutes": "long"}}, "agenda.session_minutes", "type integer"),
        ({"facilitator": {"name": "X", "email": "not-an-email"}}, "facilitator.email", "match"),
        ({"parameters": {"countries": ["PHL"]}}, "parameters.countries", "its own field"),
        ({"colour": "blue"}, "(top level)", "unknown field 'colour'"),
    ],
)
def test_bad_definitions_name_the_file_and_field(
    tmp_path: Path, standin_irm: None, change: dict, field: str, words: str
) -> None:
    error = error_for(tmp_path, {**BASE, **change})
    text = str(error)
    assert error.field == field
    assert text.startswith(str(tmp_path / "cohort.yml"))
    assert f"field '{field}'" in text
    assert words in text
    assert "\n" not in text


def test_missing_required_field(tmp_path: Path, standin_irm: None) -> None:
    data = dict(BASE)
    del data["facilitator"]
    assert "field 'facilitator': missing facilitator" in str(error_for(tmp_path, data))


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("name: [unclosed\n", "row 2: malformed YAML"),
        ("name: a\n  bad: indent\n", "row 2: malformed YAML"),
        ("- just\n- a list\n", "must be a YAML mapping"),
        ("", "must be a YAML mapping"),
    ],
)
def test_malformed_yaml(tmp_path: Path, text: str, words: str) -> None:
    assert words in str(error_for(tmp_path, text))


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(DefinitionError, match="no such cohort file"):
        load_cohort(tmp_path / "absent.yml")


def test_scenario_overrides_go_to_their_own_page_only(tmp_path: Path, standin_irm: None) -> None:
    include = ["01_welcome", "scenario_national_eprocurement"]
    overrides = {"scenario_national_eprocurement": {"country": "Costa Rica"}}
    cohort = load_cohort(
        write(tmp_path, {**BASE, "include": include, "scenario_overrides": overrides})
    )
    page = "exercises/scenario_national_eprocurement"
    assert cohort.scenario_overrides == {page: {"country": "Costa Rica"}}
    assert cohort.notebook_parameters(page)["scenario_overrides"] == {"country": "Costa Rica"}
    assert cohort.notebook_parameters("modules/01_welcome")["scenario_overrides"] == {}


def test_include_accepts_stems_and_paths_and_keeps_book_order(
    tmp_path: Path, standin_irm: None
) -> None:
    include = ["exercises/irm_explorer", "05_cross_country_champion.ipynb", "01_welcome"]
    cohort = load_cohort(write(tmp_path, {**BASE, "include": include}))
    assert cohort.pages == (
        "modules/01_welcome",
        "modules/05_cross_country_champion",
        "exercises/irm_explorer",
    )


def test_toc_notebooks_lists_only_notebook_pages() -> None:
    pages = toc_notebooks(ROOT)
    assert "modules/01_welcome" in pages
    assert "exercises/irm_explorer" in pages
    assert not any(page.startswith(("trainers/", "reference/")) for page in pages)
    assert "intro" not in pages


def test_shipped_cohorts_are_valid() -> None:
    """With the real IRM helpers (ogp_curriculum.irm), not the stand-ins."""
    files = sorted((ROOT / "data" / "cohorts").glob("*.yml"))
    assert len(files) >= 3
    cohorts = {load_cohort(path).name: load_cohort(path) for path in files}
    assert {"philippines", "costa-rica", "francophone-africa"} <= set(cohorts)
    for path in files:
        assert load_cohort(path).name == path.stem  # the file and the pack share one name
    assert cohorts["philippines"].iso3 == ["PHL"]
    assert cohorts["costa-rica"].iso3 == ["CRI"]
    # The regional example mixes a country with 2016 data and countries without it.
    regional = {c.iso3: c.has_data for c in cohorts["francophone-africa"].countries}
    assert regional == {"TUN": True, "CIV": False, "BFA": False}
    assert len(cohorts["francophone-africa"].notes) == 2


# --- parameters and their declared types -------------------------------------------------


def info(declared: dict[str, str]) -> NotebookInfo:
    return NotebookInfo("modules/x", Path("modules/x.ipynb"), "X", 10, declared)


def test_only_declared_parameters_are_injected() -> None:
    offered = {"countries": ["PHL"], "cohort_name": "c", "scenario_overrides": {}, "extra": 1}
    chosen = parameters_for(info({"countries": "list"}), offered, cohort_file=Path("c.yml"))
    assert chosen == {"countries": ["PHL"]}
    assert parameters_for(info({}), offered, cohort_file=Path("c.yml")) == {}


@pytest.mark.parametrize(
    ("declared", "offered", "field"),
    [
        ({"reflections_dir": "str"}, {"reflections_dir": 3}, "parameters.reflections_dir"),
        ({"countries": "list"}, {"countries": "PHL"}, "countries"),
        ({"limit": "int"}, {"limit": True}, "parameters.limit"),
        ({"scenario_overrides": "dict"}, {"scenario_overrides": []}, "scenario_overrides"),
        ({"cohort_name": "str"}, {"cohort_name": 7}, "name"),
    ],
)
def test_wrong_parameter_type_is_a_definition_error(
    declared: dict, offered: dict, field: str
) -> None:
    with pytest.raises(DefinitionError) as caught:
        parameters_for(info(declared), offered, cohort_file=Path("c.yml"))
    assert caught.value.field == field
    assert "modules/x.ipynb expects" in str(caught.value)


@pytest.mark.parametrize(
    ("declared", "value"),
    [("float", 2), ("List[str]", ["a"]), ("None", object()), ("int", 3), ("dict[str, str]", {})],
)
def test_compatible_parameter_types_pass(declared: str, value: object) -> None:
    chosen = parameters_for(info({"p": declared}), {"p": value}, cohort_file=Path("c.yml"))
    assert chosen == {"p": value}


# --- agenda ------------------------------------------------------------------------------


def test_half_day_fills_sessions_in_order_with_a_break() -> None:
    pages = [("a", "A", 40), ("b", "B", 40), ("c", "C", 40), ("d", "D", 30)]
    plan = agenda.plan({"variant": "half-day"}, pages)
    kinds = [slot.kind for slot in plan.slots]
    assert kinds == ["opening", "page", "page", "break", "page", "page", "closing"]
    assert [s.start for s in plan.slots][:3] == ["09:00", "09:10", "09:50"]
    assert plan.slots[3].start == "10:40" and plan.slots[3].end == "10:55"
    assert plan.overrun == 0
    assert plan.planned_minutes == 10 + 150 + 10
    assert plan.available_minutes == 195


def test_overrun_is_reported_not_squeezed() -> None:
    plan = agenda.plan({"variant": "90-minute"}, [("a", "A", 60), ("b", "B", 40)])
    assert plan.overrun == 10 + 60 + 40 + 10 - 90
    assert plan.slots[-1].end == "11:00"


def test_two_day_and_custom_start() -> None:
    pages = [(str(i), str(i), 170) for i in range(4)]
    plan = agenda.plan({"variant": "two-day", "start": "08:00"}, pages)
    days = [slot.day for slot in plan.slots if slot.kind == "page"]
    assert days == [1, 1, 2, 2]
    assert plan.slots[0].start == "08:00"
    assert any(slot.kind == "day_end" for slot in plan.slots)
    assert plan.overrun == 0


def test_session_minutes() -> None:
    plan = agenda.plan({"session_minutes": 45}, [("a", "A", 25)])
    assert plan.label == "45 minutes"
    assert plan.overrun == 0
    assert [s.kind for s in plan.slots] == ["opening", "page", "closing"]


# --- learner links -----------------------------------------------------------------------


def test_nbgitpuller_and_binder_links(tmp_path: Path, standin_irm: None) -> None:
    cohort = load_cohort(
        write(
            tmp_path,
            {
                **BASE,
                "learner_access": {
                    "jupyterhub_url": "https://hub.example.org/",
                    "repository_url": "https://github.com/example-org/ogp-book",
                    "branch": "cohort/ph",
                },
            },
        )
    )
    (made,) = links.learner_links(cohort, ROOT, {"modules/01_welcome": "Welcome"})
    hub = urlsplit(made.jupyterhub)
    assert f"{hub.scheme}://{hub.netloc}{hub.path}" == (
        "https://hub.example.org/hub/user-redirect/git-pull"
    )
    assert parse_qs(hub.query) == {
        "repo": ["https://github.com/example-org/ogp-book"],
        "branch": ["cohort/ph"],
        "urlpath": ["lab/tree/ogp-book/modules/01_welcome.ipynb"],
    }
    binder = urlsplit(made.binder)
    assert binder.path == "/v2/gh/example-org/ogp-book/cohort%2Fph"
    assert parse_qs(binder.query) == {"urlpath": ["lab/tree/modules/01_welcome.ipynb"]}
    table = links.links_markdown(cohort, [made])
    assert "| Welcome | <https://hub.example.org/hub/user-redirect/git-pull?" in table


def test_without_a_hub_only_binder_links_are_given(tmp_path: Path, standin_irm: None) -> None:
    book_root = tmp_path / "book"
    (book_root / "modules").mkdir(parents=True)
    (book_root / "_config.yml").write_text(
        "repository:\n  url: https://github.com/o/r\n", encoding="utf-8"
    )
    cohort = load_cohort(write(tmp_path, BASE))
    (made,) = links.learner_links(cohort, book_root, {"modules/01_welcome": "A | B"})
    assert made.jupyterhub == ""
    assert (
        made.binder
        == "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/modules/01_welcome.ipynb"
    )
    row = links.links_markdown(cohort, [made]).splitlines()[-1]
    assert row.startswith("| A \\| B | (no hub: set learner_access.jupyterhub_url) | <https://")


def test_links_default_to_the_book_config(tmp_path: Path, standin_irm: None) -> None:
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    access = links.access_for(load_cohort(write(tmp_path, BASE)), ROOT)
    assert access.repository_url == config["repository"]["url"].rstrip("/")
    assert access.jupyterhub_url == config["launch_buttons"]["jupyterhub_url"].rstrip("/")


# --- rewriting links to pages a cohort left out ------------------------------------------


def test_relink_keeps_present_pages_and_flattens_the_rest() -> None:
    text = textwrap.dedent(
        """\
        See [the explorer](../exercises/irm_explorer.ipynb) and [costa](04_costa.ipynb#top),
        {doc}`the glossary <../reference/glossary>`, {ref}`kept-label`, {ref}`Gone <gone>`,
        [a site](https://example.org/x.md) and ![img](pic.md).
        """
    )
    present = {"modules/01_welcome", "exercises/irm_explorer"}
    out = book.relink(text, "modules/01_welcome", present, {"kept-label"})
    assert "[the explorer](../exercises/irm_explorer.ipynb)" in out
    assert "costa (in the full book)" in out
    assert "the glossary (in the full book)" in out
    assert "{ref}`kept-label`" in out
    assert "Gone," in out
    assert "[a site](https://example.org/x.md)" in out
    assert "![img](pic.md)" in out


# --- reflection prompts on the handout ---------------------------------------------------


def test_handout_prompts_come_from_the_cohort_then_the_reflection_form(
    tmp_path: Path, standin_irm: None
) -> None:
    own = load_cohort(write(tmp_path, {**BASE, "reflection_prompts": ["Our own question?"]}))
    assert reflection_prompts(own) == (["Our own question?"], "cohort")
    plain = load_cohort(write(tmp_path, BASE))
    assert reflection_prompts(plain) == (list(PROMPTS.values()), "reflection form")
    assert len(PROMPTS) >= 1


@pytest.mark.parametrize(
    ("log", "line"),
    [
        (
            "Running Sphinx\n/tmp/x/modules/a.ipynb:4: WARNING: unknown document: 'b' [ref.doc]\n"
            "\x1b[91m=====\x1b[0m\nThere was an error in building your book.\n",
            "/tmp/x/modules/a.ipynb:4: WARNING: unknown document: 'b' [ref.doc]",
        ),
        (
            "Traceback (most recent call last):\n  File 'x'\n"
            "pybtex.scanner.TokenRequired: syntax error in line 52: '=' expected\n"
            "The above exception was the direct cause of the following exception:\n"
            "RuntimeError: \n\x1b[91m=====\x1b[0m\nThere was an error in building your book.\n",
            "pybtex.scanner.TokenRequired: syntax error in line 52: '=' expected",
        ),
        ("\x1b[91m====\x1b[0m\nsomething broke\n====\n", "something broke"),
    ],
)
def test_a_failed_book_build_is_summed_up_by_its_cause(log: str, line: str) -> None:
    assert book.first_problem(log) == line


def test_support_pages_follow_roles_transitively(tmp_path: Path) -> None:
    (tmp_path / "reference").mkdir()
    (tmp_path / "reference" / "glossary.md").write_text("A term {cite}`key`.", encoding="utf-8")
    (tmp_path / "reference" / "bibliography.md").write_text("```{bibliography}\n```\n")
    page = tmp_path / "page.md"
    page.write_text("Uses a {term}`term` only.", encoding="utf-8")
    assert book.support_pages(tmp_path, [page]) == ["reference/bibliography", "reference/glossary"]
    page.write_text("Nothing special.", encoding="utf-8")
    assert book.support_pages(tmp_path, [page]) == []


def test_a_hub_can_pull_a_file_clone_and_binder_is_not_offered(
    tmp_path: Path, standin_irm: None
) -> None:
    """A hub with no internet pulls the trainer's clone on its own disk (file://)."""
    cohort = load_cohort(
        write(
            tmp_path,
            {
                **BASE,
                "learner_access": {
                    "jupyterhub_url": "http://127.0.0.1:8000",
                    "repository_url": "file:///srv/cohort/learning-to-open-government",
                },
            },
        )
    )
    (made,) = links.learner_links(cohort, ROOT, {"modules/01_welcome": "Welcome"})
    query = parse_qs(urlsplit(made.jupyterhub).query)
    assert query["repo"] == ["file:///srv/cohort/learning-to-open-government"]
    assert query["urlpath"] == ["lab/tree/learning-to-open-government/modules/01_welcome.ipynb"]
    assert made.binder == ""
    assert "(no Binder: not a GitHub repository)" in links.links_markdown(cohort, [made])


def test_a_repository_url_must_be_github_or_a_file_clone(
    tmp_path: Path, standin_irm: None
) -> None:
    for bad in ("https://gitlab.example.org/o/r", "file://relative/path", "ftp://x/y"):
        with pytest.raises(DefinitionError) as info:
            load_cohort(write(tmp_path, {**BASE, "learner_access": {"repository_url": bad}}))
        assert "repository_url" in str(info.value)
