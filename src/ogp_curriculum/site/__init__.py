"""Sphinx extension that makes the built book work offline and stay light.

Enable it in ``_config.yml`` (``sphinx.extra_extensions: [ogp_curriculum.site]``). It

- fetches pinned vega, vega-lite, vega-embed, require.js and the ipywidgets HTML manager from the
  npm registry with Python into a per-user cache, verified by sha512 (see
  :mod:`ogp_curriculum.site.vendor`), and serves them from ``_static/ogp-vendor/``;
- rewrites Altair's CDN URLs in every page to those local copies;
- replaces the theme's 1.5 MB Font Awesome script by one with only the icons the pages use;
- puts a "run this notebook to interact" notice, with the page's launch links, under every
  widget, and loads the (1.1 MB compressed) widget manager only when the reader asks for the
  saved controls, so no page passes the 1 MB budget on first load;
- puts a language switcher (same page in English, French, Spanish) in every page's header and,
  on a translated page not yet reviewed by a native speaker, a notice saying so
  (:mod:`ogp_curriculum.site.languages`);
- redraws a chart drawn as wide as its column when the column changes width without a
  window resize (dark mode's padding, a folding sidebar), so no chart is scaled down;
- puts a Content-Security-Policy (:data:`ogp_curriculum.outputs.SITE_CSP`) in every page's
  head: scripts, styles, fonts and images from the site itself only.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Any

from sphinx.errors import ExtensionError
from sphinx.util import logging

from ogp_curriculum.i18n import SOURCE_LANGUAGE
from ogp_curriculum.i18n.catalogues import Coverage, coverage
from ogp_curriculum.outputs import SITE_CSP, csp_meta, html_text
from ogp_curriculum.paths import STATIC_CHARTS_ENV
from ogp_curriculum.site import icons, languages, pages, vendor

logger = logging.getLogger(__name__)

# Our loader replaces myst-nb's CDN require.js + html-manager pair (nb_ipywidgets_js).
WIDGET_LOADER = "ogp-widgets.js"
SITE_CSS = "ogp-site.css"
# Redraws a column-wide chart when its column changes width without a window resize.
CHART_RESIZER = "ogp-charts.js"
# The book's icon, in _static/ with the files above (the slide decks link it too). Without an
# icon a browser asks the host for /favicon.ico, and the 404 is an error in the console.
FAVICON = "ogp-favicon.svg"
_STATIC = Path(__file__).parent / "static"
_TEMPLATES = Path(__file__).parent / "templates"
SWITCHER_TEMPLATE = "ogp-language-switcher.html"


def _cache_dir(app: Any) -> Path:
    return Path(app.outdir).parent / ".ogp-vendor"


def _on_config_inited(app: Any, config: Any) -> None:
    # myst-nb adds these only to pages that carry saved widget state.
    config.nb_ipywidgets_js = {WIDGET_LOADER: {"defer": "defer"}}
    config.html_static_path.append(str(_STATIC))
    if not config.html_favicon:  # a book's own `html: favicon:` wins
        config.html_favicon = str(_STATIC / FAVICON)
    # The switcher goes first in the article header, before the theme's buttons.
    config.templates_path.append(str(_TEMPLATES))
    options = config.html_theme_options
    end = options.get("article_header_end") or ["article-header-buttons.html"]
    end = [item.strip() for item in end.split(",")] if isinstance(end, str) else list(end)
    if SWITCHER_TEMPLATE not in end:
        options["article_header_end"] = [SWITCHER_TEMPLATE, *end]


def page_language(app: Any) -> str:
    return str(app.config.language or SOURCE_LANGUAGE)


def page_review_status(app: Any, pagename: str, language: str) -> Coverage | None:
    """The page's catalogue coverage in ``language``; None if it has no catalogue."""
    for folder in app.config.locale_dirs:
        po = Path(app.srcdir) / folder / language / "LC_MESSAGES" / f"{pagename}.po"
        if po.is_file():
            return coverage(po)
    return None


def _on_builder_inited(app: Any) -> None:
    if app.builder.format == "html":
        # Fail early (before executing notebooks) if the vendor files cannot be had.
        try:
            vendor.provision(_cache_dir(app))
        except vendor.VendorError as error:
            # One line for the reader, not an extension traceback.
            raise ExtensionError(str(error), modname=__name__) from None
        # Sphinx does not overwrite static files already in the output on an incremental
        # build; ours change with this package, so copy them now, before pages take their
        # checksums for the "?v=" cache-busting query.
        static = Path(app.outdir) / "_static"
        static.mkdir(parents=True, exist_ok=True)
        for path in _STATIC.iterdir():
            if path.suffix in (".css", ".js"):
                shutil.copyfile(path, static / path.name)


def _on_page_context(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # Without a default, pydata-sphinx-theme logs "Got invalid theme mode" as a console error.
    # Light is the mode the accessibility checks run in; readers can still switch.
    if not context.get("default_mode"):
        context["default_mode"] = "light"
    # First in the head's meta tags, so it covers every script and style after it.
    context["metatags"] = csp_meta(SITE_CSP) + "\n" + context.get("metatags", "")
    # sphinx-book-theme puts these plain-text titles into its templates unescaped.
    for key in ("pagetitle", "root_title"):
        if isinstance(context.get(key), str):
            context[key] = html_text(context[key])
    language = page_language(app)
    if language != SOURCE_LANGUAGE:
        pages.translate_launch_tooltips(context.get("header_buttons", []), language)
    static_prefix = context["pathto"]("_static/", 1)
    if "script_files" in context:
        context["script_files"] = _unique_scripts(context["script_files"])
        _localise_widget_state(context["script_files"], static_prefix)
    # French and Spanish pages launch the notebook in their language (translations/<lang>/).
    pages.localise_launch_buttons(
        context.get("header_buttons", []), pagename, str(app.config.language or "en")
    )
    body = context.get("body")
    if not isinstance(body, str):
        return
    body = pages.fix_citation_roles(pages.localise_altair(body, static_prefix))
    prefixes = tuple({languages.text("launch_on", "en"), languages.text("launch_on", language)})
    links = pages.launch_links(context.get("header_buttons", []), prefixes)
    notice = pages.widget_notice(links, language)
    body, _ = pages.annotate_widgets(body, notice)
    if language != SOURCE_LANGUAGE:
        body = pages.mark_english_references(body)
    if language != SOURCE_LANGUAGE and pagename in app.env.found_docs:
        status = page_review_status(app, pagename, language)
        body = languages.review_notice(pagename, language, status) + body
    context["body"] = body


def _on_page_context_early(
    app: Any, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    # Before pydata-sphinx-theme (priority 500) drops header templates that render empty.
    language = page_language(app)
    context["ogp_language_switcher"] = languages.switcher(pagename, language)
    context["metatags"] = context.get("metatags", "") + "\n" + languages.alternate_links(
        pagename, language
    )


def _localise_widget_state(scripts: list[Any], static_prefix: str) -> None:
    """Charts inside widget outputs (e.g. ``interact``) live in the saved widget state."""
    for script in scripts:
        attributes = getattr(script, "attributes", None)
        if isinstance(attributes, dict) and attributes.get("type") == pages.WIDGET_STATE_TYPE:
            body = attributes.get("body", "")
            attributes["body"] = pages.localise_widget_state(body, static_prefix)


def _unique_scripts(scripts: list[Any]) -> list[Any]:
    """Drop repeated scripts: sphinx-thebe's inline config twice is a "redeclared const" error."""
    seen: set[tuple[str, str]] = set()
    unique = []
    for script in scripts:
        attributes = getattr(script, "attributes", {})
        # Sphinx keeps inline scripts with filename None or "": compare what the page gets.
        key = (getattr(script, "filename", None) or "", repr(sorted(attributes.items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    return unique


def _on_build_finished(app: Any, exception: Exception | None) -> None:
    if exception is not None or app.builder.format != "html":
        return
    # Filled at builder-inited, before any page was written.
    served = _cache_dir(app) / "static" / vendor.VENDOR_DIR
    shutil.copytree(served, Path(app.outdir) / "_static" / vendor.VENDOR_DIR, dirs_exist_ok=True)
    _replace_fontawesome(app)
    add_csp_to_untemplated_pages(Path(app.outdir))
    _translate_theme_labels(app)


def _translate_theme_labels(app: Any) -> None:
    """Labels the themes leave in English on a French or Spanish page (rewritten in place;
    a page rewritten by an earlier build has nothing left to replace)."""
    language = page_language(app)
    if language == SOURCE_LANGUAGE:
        return
    for page in Path(app.outdir).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        translated = languages.translate_theme_labels(text, language)
        if translated != text:
            page.write_text(translated, encoding="utf-8")


def add_csp_to_untemplated_pages(outdir: Path) -> None:
    """Pages written outside the templates (a redirecting index.html) get the policy too.

    ``jupyter-book build`` rewrites index.html after Sphinx has finished: that one-line
    redirect (to the first page of the toc, no user text) is out of an extension's reach.
    """
    for page in outdir.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        if "Content-Security-Policy" in text:
            continue
        meta = csp_meta(SITE_CSP)
        text = text.replace("<head>", "<head>" + meta, 1) if "<head>" in text else meta + text
        page.write_text(text, encoding="utf-8")


def _replace_fontawesome(app: Any) -> None:
    """Swap the theme's every-icon script for one with the icons the pages use."""
    target = Path(app.outdir) / "_static" / "scripts" / "fontawesome.js"
    try:
        import pydata_sphinx_theme
    except ImportError:
        return
    theme_js = Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme"
    theme_js = theme_js / "static" / "scripts" / "fontawesome.js"
    if not (target.exists() and theme_js.exists()):
        return
    pages = (page.read_text(encoding="utf-8") for page in Path(app.outdir).rglob("*.html"))
    script, missing = icons.subset_script(theme_js.read_text(encoding="utf-8"), pages)
    if missing:
        logger.warning("icons not found in Font Awesome: %s", ", ".join(missing))
    target.write_text(script, encoding="utf-8")


def setup(app: Any) -> dict[str, Any]:
    # Notebooks executed by this build keep Altair's HTML output, which the pages serve offline
    # (ogp_curriculum.charts: live kernels use the anywidget renderer instead).
    os.environ[STATIC_CHARTS_ENV] = "1"
    app.connect("config-inited", _on_config_inited)
    app.connect("builder-inited", _on_builder_inited)
    # After sphinx-book-theme (priority 500) has added its launch buttons to the context.
    app.connect("html-page-context", _on_page_context, priority=900)
    app.connect("html-page-context", _on_page_context_early, priority=100)
    app.connect("build-finished", _on_build_finished)
    app.add_css_file(SITE_CSS)
    app.add_js_file(CHART_RESIZER, loading_method="defer")
    return {"parallel_read_safe": True, "parallel_write_safe": True}
