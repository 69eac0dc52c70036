"""Pure rewrites of a built page's HTML body, kept apart from Sphinx so they are unit-tested."""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from fnmatch import fnmatch
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ogp_curriculum.i18n import N_, Translator, language_for
from ogp_curriculum.site import languages
from ogp_curriculum.site.vendor import VENDOR_DIR

# Altair's HTML output names its libraries by CDN URL, e.g. "https://cdn.jsdelivr.net/npm/vega@6?noext".
# The "?noext" stays: it stops require.js from appending ".js" to the local path as well.
_ALTAIR_CDN = re.compile(
    r"https://cdn\.jsdelivr\.net/npm/(?P<lib>vega-lite|vega-embed|vega-lib|vega)(?:@[\w.^~-]+)?\?noext"
)
_LOCAL_FILE = {
    "vega": "vega.min.js",
    # Altair lists "vega-lib" among require paths without loading it; vega is its successor.
    "vega-lib": "vega.min.js",
    "vega-lite": "vega-lite.min.js",
    "vega-embed": "vega-embed.min.js",
}

WIDGET_VIEW_SCRIPT = re.compile(
    r'<script type="application/vnd\.jupyter\.widget-view\+json">.*?</script>', re.S
)
WIDGET_STATE_TYPE = "application/vnd.jupyter.widget-state+json"
NOTICE_CLASS = "ogp-widget-notice"
NOTICE_TEXT = N_("run this notebook to interact")
# The words of the button that loads the saved controls (ogp-widgets.js), in the page's language.
WIDGET_LOADER_TEXT = {
    "show": N_("Show the saved controls (about 1.2 MB to download)"),
    "loading": N_("Loading the saved controls…"),
    "shown": N_("The saved controls are shown above. They do not run Python: launch the "
                "notebook to use them."),
    "failed": N_("The controls could not be loaded ({error})."),
}


@dataclass(frozen=True)
class LaunchLink:
    """A place the learner can run the page's notebook (Binder, JupyterHub...)."""

    label: str
    url: str


def localise_altair(body: str, static_prefix: str) -> str:
    """Point Altair's vega/vega-lite/vega-embed URLs at the copies served under ``_static``.

    ``static_prefix`` is the relative URL of ``_static/`` from the page, ending in "/".
    """

    def local(match: re.Match[str]) -> str:
        return f"{static_prefix}{VENDOR_DIR}/{_LOCAL_FILE[match['lib']]}?noext"

    return _EMBED_OPTIONS.sub(_without_actions, _ALTAIR_CDN.sub(local, body))


# Altair's call ends with the embed options: `})({...spec...}, {"mode": "vega-lite"});`.
_EMBED_OPTIONS = re.compile(r'(\}, )(\{"mode": "vega-lite"[^\n]*?\})(\);\n)')


def _without_actions(match: re.Match[str]) -> str:
    # vega-embed's "..." actions menu is a <summary> with no text (an axe "serious" failure)
    # and links to the online Vega editor, another host. Pages keep the chart alone.
    options = json.loads(match[2])
    options.setdefault("actions", False)
    return match[1] + json.dumps(options) + match[3]


def localise_widget_state(body: str, static_prefix: str) -> str:
    """:func:`localise_altair` on every string of a saved widget state (JSON).

    Output widgets keep the HTML of what they displayed (an ``interact`` chart) as JSON strings;
    rewriting the decoded strings treats their escaped quotes and newlines like a page's.
    """
    try:
        state = json.loads(body)
    except json.JSONDecodeError:
        return localise_altair(body, static_prefix)

    def walk(value: object) -> object:
        if isinstance(value, str):
            return localise_altair(value, static_prefix)
        if isinstance(value, list):
            return [walk(item) for item in value]
        if isinstance(value, dict):
            return {key: walk(item) for key, item in value.items()}
        return value

    # "</" would end the <script> the state sits in; JSON allows "<\/" for it.
    return json.dumps(walk(state)).replace("</", "<\\/")


def launch_links(
    header_buttons: Iterable[Mapping[str, object]], launch_prefixes: tuple[str, ...] = ("Launch",)
) -> list[LaunchLink]:
    """The launch links sphinx-book-theme put in the page header, so the notice matches them.

    ``launch_prefixes``: how the page's language starts a launch tooltip ("Launch on Binder").
    """
    found: list[LaunchLink] = []
    for button in header_buttons:
        children = button.get("buttons")
        if isinstance(children, list):
            found.extend(launch_links(children, launch_prefixes))
            continue
        tooltip, url = button.get("tooltip"), button.get("url")
        # The theme's launch links are the ones whose tooltip reads "Launch on <service>" in the
        # page's language; the service name (the button's text) is never translated.
        launch = isinstance(tooltip, str) and tooltip.startswith(launch_prefixes)
        launch = launch or button.get("text") in _LAUNCHERS
        if launch and isinstance(tooltip, str) and isinstance(url, str):
            found.append(LaunchLink(label=tooltip, url=url))
    return found


# sphinx-book-theme's launch services (the "text" of their buttons).
_LAUNCHERS = frozenset({"Binder", "JupyterHub", "Colab", "Deepnote", "JupyterLite"})
# Pages that have generated French/Spanish notebooks (ogp_curriculum.i18n.notebooks).
TRANSLATED_NOTEBOOKS = ("modules/*", "exercises/*")


def localise_launch_url(url: str, pagename: str, language: str) -> str:
    """``url`` (a Binder or nbgitpuller link) opening the ``language`` copy of the page's notebook.

    French and Spanish notebooks live at ``translations/<lang>/<page>.ipynb`` beside the book's
    pages; English, and pages without a translated notebook, keep the link as it is.
    """
    if language in ("", "en") or not any(fnmatch(pagename, p) for p in TRANSLATED_NOTEBOOKS):
        return url
    notebook = f"{pagename}.ipynb"
    parts = urlsplit(url)
    query = parse_qsl(parts.query, keep_blank_values=True)
    changed = False
    for index, (key, value) in enumerate(query):
        if key == "urlpath" and value.endswith(notebook):
            at = len(value) - len(notebook)
            query[index] = (key, f"{value[:at]}translations/{language}/{notebook}")
            changed = True
    if not changed:
        return url
    return urlunsplit(parts._replace(query=urlencode(query, safe="/")))


def localise_launch_buttons(
    header_buttons: Iterable[dict[str, object]], pagename: str, language: str
) -> None:
    """Point every launch button of the page at the notebook in the page's language (in place)."""
    for button in header_buttons:
        children = button.get("buttons")
        if isinstance(children, list):
            localise_launch_buttons(children, pagename, language)
            continue
        url = button.get("url")
        if isinstance(url, str) and button.get("text") in _LAUNCHERS:
            button["url"] = localise_launch_url(url, pagename, language)


def translate_launch_tooltips(
    header_buttons: Iterable[Mapping[str, object]], language: str
) -> None:
    """Put the theme's untranslated "Launch on <service>" tooltips into ``language``, in place."""
    english, local = languages.text("launch_on", "en"), languages.text("launch_on", language)
    for button in header_buttons:
        children = button.get("buttons")
        if isinstance(children, list):
            translate_launch_tooltips(children, language)
        tooltip = button.get("tooltip")
        if isinstance(button, dict) and isinstance(tooltip, str) and tooltip.startswith(english):
            button["tooltip"] = local + tooltip[len(english):]


def widget_notice(links: Iterable[LaunchLink], language: str | None = "en") -> str:
    """The note shown under every widget: static pages have no kernel to run its code.

    ``language`` is the page's (Sphinx's ``language``), not the process's ``OGP_LANG``.
    """
    _ = Translator(language_for(language or "en"))
    items = "".join(
        f'<li><a href="{html.escape(link.url)}" rel="noopener">{html.escape(link.label)}</a></li>'
        for link in links
    )
    where = (
        f'<ul class="ogp-launch-links">{items}</ul>'
        if items
        else "<p>" + _("Open it in Jupyter on your computer (see the introduction).") + "</p>"
    )
    static = _("This page is a static copy: the control's Python code needs a running "
               "kernel, so {action}.").format(action=f"<strong>{_(NOTICE_TEXT)}</strong>")
    # ogp-widgets.js reads its button's and status line's words from these attributes.
    words = "".join(f' data-{key}="{html.escape(_(message))}"'
                    for key, message in WIDGET_LOADER_TEXT.items())
    return (
        f'<div class="{NOTICE_CLASS} admonition note" role="note"{words}>'
        f'<p class="admonition-title">' + _("Interactive control") + f'</p>'
        f"<p>{static}</p>{where}</div>"
    )


def fix_citation_roles(body: str) -> str:
    """Give bibliography entries a role their list accepts.

    docutils wraps citations in ``role="list"`` and marks each ``role="doc-biblioentry"``, a
    role DPUB-ARIA 1.1 deprecated; axe reports the list as missing its items (critical).
    """
    return body.replace('role="doc-biblioentry"', 'role="listitem"')


# A bibliography entry, and a citation link: sphinxcontrib-bibtex puts the whole reference in
# the title (tooltip) of each link to the bibliography.
_BIB_ENTRY = re.compile(r'<div class="citation"(?![^>]*\blang=)')
_CITATION_LINK = re.compile(
    r'<a (?![^>]*\blang=)(?=[^>]*\bhref="[^"]*bibliography\.html#[^"]*")(?=[^>]*\btitle=")'
)


def mark_english_references(body: str) -> str:
    """Mark the references English (``lang="en"``) on a French or Spanish page.

    The bibliography is rendered from ``references.bib`` in English (titles as published, the
    formatter's "Technical Report", our notes), and so are the tooltips of citation links; a
    screen reader then reads them in English, and the check for English UI strings on
    translated pages knows they are English on purpose.
    """
    body = _BIB_ENTRY.sub('<div class="citation" lang="en"', body)
    return _CITATION_LINK.sub('<a lang="en" ', body)


def annotate_widgets(body: str, notice: str) -> tuple[str, int]:
    """Put the notice after every widget view in the page; return the body and their count."""
    return WIDGET_VIEW_SCRIPT.subn(lambda match: match[0] + notice, body)
