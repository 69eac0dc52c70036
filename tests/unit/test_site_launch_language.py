"""Launch buttons on French and Spanish pages open the notebook in the page's language."""

from __future__ import annotations

import pytest

from ogp_curriculum.i18n.notebooks import TRANSLATIONS_DIR
from ogp_curriculum.paths import repo_root
from ogp_curriculum.site import pages

# As sphinx-book-theme 1.x makes them (header_buttons/launch.py), JupyterLab interface.
BINDER = (
    "https://mybinder.org/v2/gh/learning-to-open-government/learning-to-open-government/main"
    "?urlpath=lab/tree/modules/02_critical_juncture.ipynb"
)
HUB = (
    "https://hub.example.org/hub/user-redirect/git-pull?repo=https://github.com/"
    "learning-to-open-government/learning-to-open-government&urlpath=lab/tree/"
    "learning-to-open-government/modules/02_critical_juncture.ipynb&branch=main"
)


def header(binder: str, hub: str, tooltip: str = "Launch on") -> list[dict[str, object]]:
    return [
        {"type": "group", "tooltip": "Download", "buttons": [{"url": "x.ipynb", "text": ".ipynb"}]},
        {
            "type": "dropdown",
            "tooltip": "Launch interactive content",
            "buttons": [
                {"text": "Binder", "tooltip": f"{tooltip} Binder", "url": binder},
                {"text": "JupyterHub", "tooltip": f"{tooltip} JupyterHub", "url": hub},
            ],
        },
    ]


@pytest.mark.parametrize("language", ["fr", "es"])
def test_binder_and_hub_open_the_translated_notebook(language: str) -> None:
    buttons = header(BINDER, HUB, tooltip="Lancer sur")
    pages.localise_launch_buttons(buttons, "modules/02_critical_juncture", language)
    links = pages.launch_links(buttons)
    # The theme translates its tooltips: the links are still found by their service.
    assert [link.label for link in links] == ["Lancer sur Binder", "Lancer sur JupyterHub"]
    binder, hub = (link.url for link in links)
    notebook = f"translations/{language}/modules/02_critical_juncture.ipynb"
    assert binder == BINDER.replace("modules/02_critical_juncture.ipynb", notebook)
    assert hub.startswith("https://hub.example.org/hub/user-redirect/git-pull?repo=https")
    assert f"urlpath=lab/tree/learning-to-open-government/{notebook}&branch=main" in hub
    # The notebook the link opens is committed in the repository.
    assert (repo_root() / notebook).is_file()
    assert notebook.startswith(TRANSLATIONS_DIR + "/")


def test_english_and_untranslated_pages_keep_their_links() -> None:
    assert pages.localise_launch_url(BINDER, "modules/02_critical_juncture", "en") == BINDER
    trainer = BINDER.replace("modules/02_critical_juncture", "trainers/facilitator_guide")
    assert pages.localise_launch_url(trainer, "trainers/facilitator_guide", "fr") == trainer
    # Another page's notebook in the query is not this page's: left alone.
    assert pages.localise_launch_url(BINDER, "modules/01_welcome", "fr") == BINDER


def test_a_book_in_a_subfolder_keeps_its_prefix() -> None:
    url = "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/book/exercises/irm_explorer.ipynb"
    assert pages.localise_launch_url(url, "exercises/irm_explorer", "es") == (
        "https://mybinder.org/v2/gh/o/r/main?urlpath=lab/tree/book/translations/es/"
        "exercises/irm_explorer.ipynb"
    )


def test_every_translated_page_pattern_has_generated_notebooks() -> None:
    root = repo_root()
    for pattern in pages.TRANSLATED_NOTEBOOKS:
        english = sorted(p.relative_to(root) for p in root.glob(f"{pattern}.ipynb"))
        assert english
        for language in ("fr", "es"):
            assert all((root / TRANSLATIONS_DIR / language / p).is_file() for p in english)
