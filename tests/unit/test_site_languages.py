"""The language switcher, the review notice and the site's own strings (no Sphinx needed)."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urljoin

import pytest

from ogp_curriculum.i18n import LANGUAGES
from ogp_curriculum.i18n.catalogues import Coverage
from ogp_curriculum.site import languages, pages


def _resolve(language: str, pagename: str, href: str) -> str:
    """Where a relative link lands, as a path from the root of the whole site."""
    folder = "" if language == "en" else f"{language}/"
    return urljoin(f"http://site/{folder}{pagename}.html", href).removeprefix("http://site/")


@pytest.mark.parametrize("pagename", ["intro", "modules/01_welcome", "trainers/slides/x"])
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("target", LANGUAGES)
def test_page_url_reaches_the_same_page(pagename: str, language: str, target: str) -> None:
    folder = "" if target == "en" else f"{target}/"
    href = languages.page_url(pagename, language, target)
    assert _resolve(language, pagename, href) == f"{folder}{pagename}.html"


def test_switcher_on_a_french_page() -> None:
    nav = languages.switcher("modules/01_welcome", "fr")
    assert nav.startswith('<nav class="ogp-language-switcher" aria-label="Langue">')
    assert 'href="../../modules/01_welcome.html" hreflang="en" lang="en"' in nav
    assert 'href="../../es/modules/01_welcome.html" hreflang="es" lang="es"' in nav
    # The current language is shown, not linked.
    assert 'hreflang="fr"' not in nav and 'aria-current="page"' in nav
    assert nav.count("<a ") == 2


def test_alternate_links_name_the_other_languages() -> None:
    links = languages.alternate_links("intro", "es")
    assert 'hreflang="en" href="../intro.html"' in links
    assert 'hreflang="fr" href="../fr/intro.html"' in links
    assert 'hreflang="es"' not in links


def test_no_notice_on_english_or_fully_reviewed_pages() -> None:
    assert languages.review_notice("intro", "en", None) == ""
    assert languages.review_notice("intro", "fr", Coverage(3, 3, 3)) == ""


def test_notice_on_translated_but_unreviewed_page() -> None:
    notice = languages.review_notice("modules/01_welcome", "fr", Coverage(4, 4, 1))
    assert "aucun locuteur natif" in notice
    assert "anglais" in notice and "reste en anglais" not in notice
    assert 'href="../../modules/01_welcome.html" hreflang="en"' in notice


def test_notice_gives_the_untranslated_share_in_the_page_locale() -> None:
    notice = languages.review_notice("intro", "es", Coverage(4, 1, 0))
    assert "no está traducida" in notice and "75\u00a0%" in notice
    assert "no está traducida" in languages.review_notice("intro", "es", None)


def test_every_site_string_is_translated_in_the_package_catalogue() -> None:
    for key, english in languages.STRINGS.items():
        assert languages.text(key, "en") == english
        assert len({languages.text(key, code) for code in LANGUAGES}) == len(LANGUAGES), key


def test_widget_notice_in_french() -> None:
    notice = pages.widget_notice([], "fr")
    assert "exécutez ce notebook pour interagir" in notice and "Contrôle interactif" in notice
    assert pages.NOTICE_TEXT not in notice


def test_theme_launch_tooltips_are_translated_and_still_found() -> None:
    header = [{"buttons": [{"tooltip": "Launch on Binder", "url": "https://b/"}]},
              {"tooltip": "Download source file", "url": "x.ipynb"}]
    pages.translate_launch_tooltips(header, "es")
    assert header[0]["buttons"][0]["tooltip"] == "Abrir en Binder"  # type: ignore[index]
    found = pages.launch_links(header, ("Abrir en",))
    assert found == [pages.LaunchLink("Abrir en Binder", "https://b/")]


def test_switcher_template_is_packaged() -> None:
    template = Path(languages.__file__).parent / "templates" / "ogp-language-switcher.html"
    assert "ogp_language_switcher" in template.read_text(encoding="utf-8")


def test_theme_labels_are_translated_in_attributes_only() -> None:
    page = '<nav aria-label="Main"><button title="Toggle primary sidebar">Main</button></nav>'
    out = languages.translate_theme_labels(page, "fr")
    assert 'aria-label="Navigation principale"' in out
    assert 'title="Afficher ou masquer la barre latérale principale"' in out
    assert ">Main<" in out  # page text is the catalogues' business, not this rewrite
    assert languages.translate_theme_labels(page, "en") == page
    for english in languages.THEME_LABELS:
        for code in ("fr", "es"):
            out = languages.translate_theme_labels(f'<a aria-label="{english}">', code)
            assert out != f'<a aria-label="{english}">', (english, code)
