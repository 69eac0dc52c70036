"""A French cohort plans French notebooks, French links and French page titles (no kernels).

The one French pack build is tests/unit/test_cohorts_build.py's representative cohort.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ogp_curriculum.cohorts import book, links
from ogp_curriculum.cohorts.build import cohort_language, plan
from ogp_curriculum.cohorts.definition import load_cohort
from ogp_curriculum.i18n import LANG_ENV
from ogp_curriculum.i18n import notebooks as nbs
from ogp_curriculum.paths import repo_root

ROOT = repo_root()
FRENCH = ROOT / "data" / "cohorts" / "francophone-africa.yml"


def test_a_french_cohort_runs_the_french_notebooks_with_its_language(tmp_path: Path) -> None:
    planned = plan(FRENCH, tmp_path / "packs")
    for info in planned.infos:
        assert info.path == ROOT / "translations" / "fr" / f"{info.entry}.ipynb"
        assert planned.parameters[info.entry].get("language", "fr") == "fr"
    titles = {info.entry: info.title for info in planned.infos}
    welcome = nbs.load_catalogue(nbs.catalogue_path(ROOT, "fr", "modules/01_welcome"))
    assert titles["modules/01_welcome"] == welcome["Welcome and how to use this book"]
    assert not (tmp_path / "packs").exists()


def test_the_language_is_set_only_while_a_pack_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(LANG_ENV, "es")
    with cohort_language("fr"):
        assert os.environ[LANG_ENV] == "fr"
    assert os.environ[LANG_ENV] == "es"
    monkeypatch.delenv(LANG_ENV)
    with cohort_language("fr"):
        assert os.environ[LANG_ENV] == "fr"
    assert LANG_ENV not in os.environ


def test_learner_links_open_the_french_notebooks() -> None:
    cohort = load_cohort(FRENCH, book_root=ROOT)
    found = links.learner_links(cohort, ROOT, {})
    assert found and all("translations/fr/" in link.jupyterhub for link in found)
    assert all(f"lab/tree/translations/fr/{link.entry}.ipynb" in link.binder for link in found)
    for link in found:
        assert (ROOT / links.notebook_for(cohort, link.entry)).is_file()


def test_pack_pages_relink_in_the_cohort_language() -> None:
    text = (
        "Voir le [glossaire](../../../reference/glossary.md#terme) et "
        "[l'explorateur](../exercises/irm_explorer.ipynb)."
    )
    present = {"modules/01_welcome", "reference/glossary"}
    with cohort_language("fr"):
        out = book.relink(text, "modules/01_welcome", present, set())
    assert "[glossaire](../reference/glossary.md#terme)" in out
    assert "l'explorateur (dans le livre complet)" in out


@pytest.mark.parametrize(("tag", "expected"), [("fr", "fr"), ("es-419", "es"), ("pt-BR", "en")])
def test_a_language_the_book_lacks_keeps_english_pages(
    tag: str, expected: str, tmp_path: Path
) -> None:
    text = FRENCH.read_text(encoding="utf-8").replace("language: fr", f"language: {tag}")
    path = tmp_path / "francophone-africa.yml"
    path.write_text(text, encoding="utf-8")
    cohort = load_cohort(path, book_root=ROOT)
    assert cohort.book_language == expected
    assert cohort.notebook_parameters("modules/01_welcome")["language"] == expected
    planned = plan(path, tmp_path / "packs")
    folder = ROOT if expected == "en" else ROOT / "translations" / expected
    assert all(info.path == folder / f"{info.entry}.ipynb" for info in planned.infos)
