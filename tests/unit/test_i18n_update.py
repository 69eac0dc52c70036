"""Page catalogues stay in step with the English: a changed page is found, not shown in English."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from ogp_curriculum.i18n.update import extract_templates, stale_catalogues
from ogp_curriculum.paths import repo_root


def _write(path: Path, messages: dict[str, str]) -> None:
    catalog = Catalog()
    for english, translated in messages.items():
        catalog.add(english, translated)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_new_and_removed_english_messages_are_reported(tmp_path: Path) -> None:
    templates = tmp_path / "gettext"
    _write(templates / "modules" / "a.pot", {"Kept": "", "Added": ""})
    _write(tmp_path / "locales/fr/LC_MESSAGES/modules/a.po", {"Kept": "Gardé", "Gone": "Parti"})
    spanish = {"Kept": "Guardado", "Added": "Añadido"}
    _write(tmp_path / "locales/es/LC_MESSAGES/modules/a.po", spanish)
    lines = stale_catalogues(tmp_path, templates, ["fr", "es"])
    assert lines == [
        f"{tmp_path}/locales/fr/LC_MESSAGES/modules/a.po: "
        "1 new English message(s), 1 no longer in the page"
    ]


def test_a_page_without_a_catalogue_is_reported(tmp_path: Path) -> None:
    _write(tmp_path / "gettext" / "intro.pot", {"Hello": ""})
    assert stale_catalogues(tmp_path, tmp_path / "gettext", ["fr"]) == [
        f"{tmp_path}/locales/fr/LC_MESSAGES/intro.po: missing"
    ]


@pytest.mark.book
def test_the_books_catalogues_are_in_step_with_its_english() -> None:
    root = repo_root()
    with tempfile.TemporaryDirectory(prefix="ogp-gettext-") as folder:
        templates = extract_templates(root, Path(folder))
        assert len(list(templates.rglob("*.pot"))) >= 30
        stale = stale_catalogues(root, templates, ["fr", "es"])
    assert stale == [], "run `python -m ogp_curriculum i18n update`:\n" + "\n".join(stale)
