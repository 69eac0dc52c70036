"""The French and Spanish sites: strict builds, every page, a working switcher, honest notices.

One build per language per test run (``built_translations`` in tests/conftest.py), each with
its own execution cache, so a rerun with no change executes nothing.
"""

from __future__ import annotations

import html
import pickle
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin, urlsplit

import pytest

from ogp_curriculum.book import language_build_dir, site_dir, toc_files
from ogp_curriculum.i18n import LANGUAGES, SOURCE_LANGUAGE
from ogp_curriculum.paths import repo_root
from ogp_curriculum.site.languages import REVIEW_NOTICE_CLASS, SWITCHER_CLASS

pytestmark = pytest.mark.book

ROOT = repo_root()
# Every page of each site: the toc's and the theme's own.
PAGES = [f"{stem}.html" for stem in toc_files()] + ["search.html", "genindex.html"]


class _Switcher(HTMLParser):
    """The switcher's nav label and links (href, hreflang) in one page."""

    def __init__(self) -> None:
        super().__init__()
        self.depth = 0
        self.labels: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.html_lang = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "html":
            self.html_lang = attributes.get("lang", "")
        if tag == "nav" and SWITCHER_CLASS in attributes.get("class", "").split():
            self.depth = 1
            self.labels.append(attributes.get("aria-label", ""))
        elif self.depth and tag == "nav":
            self.depth += 1
        elif self.depth and tag == "a":
            self.links.append((attributes.get("href", ""), attributes.get("hreflang", "")))

    def handle_endtag(self, tag: str) -> None:
        if self.depth and tag == "nav":
            self.depth -= 1


def _parse(page: Path) -> _Switcher:
    parser = _Switcher()
    parser.feed(page.read_text(encoding="utf-8"))
    return parser


@pytest.fixture(scope="module")
def sites(built_book: Path, built_translations: dict[str, Path]) -> dict[str, Path]:
    return {SOURCE_LANGUAGE: built_book, **built_translations}


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != SOURCE_LANGUAGE])
def test_every_page_is_built_in_each_language(sites: dict[str, Path], language: str) -> None:
    site = sites[language]
    assert site == site_dir(ROOT, language)
    missing = [page for page in PAGES if not (site / page).is_file()]
    assert not missing, f"{language}: pages missing from {site}: {missing}"
    assert (site / "index.html").is_file(), f"{language}: no index.html redirect"
    reports = sorted((site / "reports").glob("**/*.log")) if (site / "reports").exists() else []
    assert not reports, f"{language}: notebook execution left error reports: {reports}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_links_reach_the_same_page_in_every_language(
    sites: dict[str, Path], language: str
) -> None:
    """Static check over the built HTML: each page's switcher links the same page name in the
    two other languages, and the target file exists."""
    site = sites[language]
    problems = []
    for page in PAGES:
        parsed = _parse(site / page)
        if parsed.html_lang != language:
            problems.append(f"{page}: <html lang={parsed.html_lang!r}>")
        if len(parsed.labels) != 1:
            problems.append(f"{page}: {len(parsed.labels)} switchers")
            continue
        targets = {hreflang: href for href, hreflang in parsed.links}
        expected = set(LANGUAGES) - {language}
        if set(targets) != expected:
            problems.append(f"{page}: links to {sorted(targets)}, expected {sorted(expected)}")
        for other, href in targets.items():
            resolved = Path(urlsplit(urljoin((site / page).as_uri(), href)).path)
            wanted = sites[other] / page
            if resolved.resolve() != wanted.resolve():
                problems.append(f"{page}: {other} link {href!r} -> {resolved}, not {wanted}")
            elif not resolved.is_file():
                problems.append(f"{page}: {other} link {href!r} leads nowhere")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("language", LANGUAGES)
def test_switcher_is_labelled_in_the_page_language(sites: dict[str, Path], language: str) -> None:
    expected = {"en": "Language", "fr": "Langue", "es": "Idioma"}[language]
    labels = {label for page in PAGES for label in _parse(sites[language] / page).labels}
    assert labels == {expected}


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != SOURCE_LANGUAGE])
def test_unreviewed_pages_say_so(sites: dict[str, Path], language: str) -> None:
    """No catalogue records a review yet (I18N.md: no invented reviewers), so every translated
    content page carries the notice, and the English pages never do."""
    from ogp_curriculum.i18n.catalogues import book_catalogue, coverage

    for stem in toc_files():
        page = (sites[language] / f"{stem}.html").read_text(encoding="utf-8")
        po = book_catalogue(ROOT, language, stem)
        status = coverage(po) if po.is_file() else None
        due = status is None or status.reviewed < status.total
        assert (REVIEW_NOTICE_CLASS in page) == due, f"{language}/{stem}: notice {due=}"
        english = (sites[SOURCE_LANGUAGE] / f"{stem}.html").read_text(encoding="utf-8")
        assert REVIEW_NOTICE_CLASS not in english


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != SOURCE_LANGUAGE])
def test_translated_messages_show_on_the_page(sites: dict[str, Path], language: str) -> None:
    """The catalogues reach the pages: the toc captions, where translated, are in the sidebar."""
    from babel.messages.pofile import read_po

    po = ROOT / "locales" / language / "LC_MESSAGES" / "intro.po"
    with po.open("rb") as handle:
        catalogue = read_po(handle)
    page = (sites[language] / "intro.html").read_text(encoding="utf-8")
    for caption in ("Modules", "Exercises", "For trainers", "Reference"):
        message = catalogue.get(caption)
        if message is not None and message.string and not message.fuzzy:
            shown = re.escape(html.escape(str(message.string), quote=False))
            assert re.search(rf">\s*{shown}\s*<", page), caption


@pytest.mark.parametrize("language", [code for code in LANGUAGES if code != SOURCE_LANGUAGE])
def test_translated_doctrees_hold_their_own_page_only(built_translations: dict[str, Path],
                                                     language: str) -> None:
    """Every node of a translated page belongs to that page's document, not to the small
    document Sphinx parsed its translation in (which drags the build environment into every
    pickled doctree: ogp_curriculum.i18n.sphinx_glue.adopt_translated_nodes)."""
    doctrees = sorted((language_build_dir(ROOT, language) / "_build" / ".doctrees")
                      .rglob("*.doctree"))
    assert len(doctrees) >= len(toc_files()), doctrees
    for path in doctrees:
        doctree = pickle.loads(path.read_bytes())
        foreign = [node for node in doctree.findall(include_self=False)
                   if getattr(node, "_document", None) not in (None, doctree)]
        assert not foreign, f"{path.name}: {len(foreign)} nodes of another document"
