"""Unit tests of the offline-site rewrites (no Sphinx, no browser)."""

from __future__ import annotations

import gzip
import socket
import struct
import time
import urllib.error
import urllib.request

import pytest

from ogp_curriculum.site import icons, pages, vendor
from ogp_curriculum.site.serve import serve

ALTAIR_SNIPPET = """<div id="altair-viz-1"></div><script type="text/javascript">
    const paths = {
      "vega": "https://cdn.jsdelivr.net/npm/vega@6?noext",
      "vega-lib": "https://cdn.jsdelivr.net/npm/vega-lib?noext",
      "vega-lite": "https://cdn.jsdelivr.net/npm/vega-lite@6.4.1?noext",
      "vega-embed": "https://cdn.jsdelivr.net/npm/vega-embed@7?noext",
    };
  })({"$schema": "https://vega.github.io/schema/vega-lite/v6.4.1.json"}, {"mode": "vega-lite"});
</script>"""


def test_altair_cdn_urls_point_at_the_local_copies() -> None:
    body = pages.localise_altair(ALTAIR_SNIPPET, "../_static/")
    assert "cdn.jsdelivr.net" not in body
    assert '"vega": "../_static/ogp-vendor/vega.min.js?noext"' in body
    assert '"vega-lib": "../_static/ogp-vendor/vega.min.js?noext"' in body
    assert '"vega-lite": "../_static/ogp-vendor/vega-lite.min.js?noext"' in body
    assert '"vega-embed": "../_static/ogp-vendor/vega-embed.min.js?noext"' in body


def test_altair_actions_menu_is_turned_off_but_explicit_options_are_kept() -> None:
    body = pages.localise_altair(ALTAIR_SNIPPET, "_static/")
    assert '{"mode": "vega-lite", "actions": false});' in body
    explicit = '{"mode": "vega-lite", "actions": true}'
    chosen = ALTAIR_SNIPPET.replace('{"mode": "vega-lite"}', explicit)
    assert '"actions": true' in pages.localise_altair(chosen, "_static/")


def test_the_schema_url_is_left_alone() -> None:
    # vega-embed never fetches "$schema"; rewriting it would break the spec's identity.
    assert "https://vega.github.io/schema/" in pages.localise_altair(ALTAIR_SNIPPET, "_static/")


def test_every_widget_view_gets_the_notice() -> None:
    view = '<script type="application/vnd.jupyter.widget-view+json">{"model_id": "m"}</script>'
    body, count = pages.annotate_widgets(f"<p>a</p>{view}<p>b</p>{view}", "<aside>N</aside>")
    assert count == 2
    assert body.count(view + "<aside>N</aside>") == 2


def test_launch_links_come_from_the_theme_header_buttons() -> None:
    header = [
        {"type": "group", "buttons": [
            {"type": "link", "tooltip": "Launch on Binder", "url": "https://binder/x"},
            {"type": "link", "tooltip": "Launch on JupyterHub", "url": "https://hub/y"},
        ]},
        {"type": "link", "tooltip": "Source repository", "url": "https://github.com/o/r"},
    ]
    assert pages.launch_links(header) == [
        pages.LaunchLink("Launch on Binder", "https://binder/x"),
        pages.LaunchLink("Launch on JupyterHub", "https://hub/y"),
    ]


def test_notice_says_run_this_notebook_and_escapes_links() -> None:
    notice = pages.widget_notice([pages.LaunchLink("Launch <b>", 'https://h/?a=1&b="2"')])
    assert pages.NOTICE_TEXT in notice
    assert 'href="https://h/?a=1&amp;b=&quot;2&quot;"' in notice
    assert "Launch &lt;b&gt;" in notice


def test_notice_without_launch_links_still_says_how_to_run() -> None:
    notice = pages.widget_notice([])
    assert pages.NOTICE_TEXT in notice and "<a " not in notice


FAKE_FONTAWESOME = (
    'var p={github:[496,512,[],"f09b","M1 1z"],"square-x":[448,512,[],"e000","M2 2z"]};'
    '(function(){d("fab",p)})();'
    'var q={bars:[448,512,[],"f0c9","M3 3z"],"file":[384,512,[128196],"f15b","M4 4z"]};'
    '(function(){d("fas",q)})();'
    'var r={"file":[384,512,[],"f15b","M5 5z"]};(function(){d("far",r)})();'
)


def test_icon_packs_are_read_from_the_theme_script() -> None:
    found = icons.packs(FAKE_FONTAWESOME)
    assert found["fab"]["github"] == (496, 512, "M1 1z")
    assert found["fas"]["file"] == (384, 512, "M4 4z")
    assert found["far"]["file"] == (384, 512, "M5 5z")
    assert "bars" not in found["fab"]


def test_only_the_icons_the_pages_name_are_kept() -> None:
    page = '<i class="fa-brands fa-github"></i><span class="fa-regular fa-file fa-lg"></span>'
    script, missing = icons.subset_script(FAKE_FONTAWESOME, [page, '<i class="fa-solid fa-nope">'])
    assert '"fab:github":[496,512,"M1 1z"]' in script
    assert '"far:file":[384,512,"M5 5z"]' in script
    assert "fas:bars" not in script and "M4 4z" not in script
    assert missing == ["fas:nope"]


def test_vendor_keeps_only_the_files_pages_load() -> None:
    manager = next(p for p in vendor.PACKAGES if p.name == "@jupyter-widgets/html-manager")
    assert vendor._wanted("package/dist/embed-amd.js", manager.files) == "html-manager/embed-amd.js"
    assert vendor._wanted("package/dist/abc.woff2", manager.files) == "html-manager/abc.woff2"
    assert vendor._wanted("package/dist/embed.js.map", manager.files) is None
    assert vendor._wanted("package/dist/embed.js", manager.files) is None
    vega = next(p for p in vendor.PACKAGES if p.name == "vega")
    assert vendor._wanted("package/build/vega.min.js", vega.files) == "vega.min.js"


def test_server_sends_gzip_when_asked_and_plain_otherwise(tmp_path) -> None:
    (tmp_path / "page.html").write_text("<p>" + "open government " * 200 + "</p>")
    with serve(tmp_path) as url:
        asked = urllib.request.Request(url + "page.html", headers={"Accept-Encoding": "gzip"})
        with urllib.request.urlopen(asked) as response:
            assert response.headers["Content-Encoding"] == "gzip"
            assert gzip.decompress(response.read()).startswith(b"<p>open government")
        with urllib.request.urlopen(url + "page.html") as response:
            assert response.headers.get("Content-Encoding") is None
            assert response.read().startswith(b"<p>open government")


def test_server_lets_browsers_keep_found_files_only(tmp_path) -> None:
    """A tab going from page to page reuses the theme's files, as from GitHub Pages; a
    missing file is not kept, so it is asked for (and reported) again, and neither is a font
    (a cached font attaches to pages that do not use it: ogp_curriculum.site.serve)."""
    (tmp_path / "page.html").write_text("<p>page</p>")
    (tmp_path / "icons.woff2").write_bytes(b"wOF2")
    with serve(tmp_path) as url:
        for encoding in ("gzip", "identity"):
            asked = urllib.request.Request(url + "page.html", headers={"Accept-Encoding": encoding})
            with urllib.request.urlopen(asked) as response:
                assert response.headers["Cache-Control"] == "max-age=600"
        with urllib.request.urlopen(url + "icons.woff2?v=1") as response:
            assert response.headers["Cache-Control"] == "no-store"
        with pytest.raises(urllib.error.HTTPError) as missing:
            urllib.request.urlopen(url + "no-such-page.html")
        assert missing.value.code == 404
        assert missing.value.headers.get("Cache-Control") is None


def test_citation_entries_become_list_items() -> None:
    body = '<div role="list" class="citation-list">\n<div class="citation" role="doc-biblioentry">'
    fixed = pages.fix_citation_roles(body)
    assert 'role="listitem"' in fixed and "doc-biblioentry" not in fixed


def test_charts_inside_saved_widget_state_point_at_the_local_copies() -> None:
    from types import SimpleNamespace

    from ogp_curriculum.site import _localise_widget_state

    state = SimpleNamespace(attributes={
        "type": pages.WIDGET_STATE_TYPE,
        "body": '{"text/html": "paths = {\\"vega\\": \\"https://cdn.jsdelivr.net/npm/vega@6?noext\\"}"}',
    })
    other = SimpleNamespace(attributes={"body": "https://cdn.jsdelivr.net/npm/vega@6?noext"})
    _localise_widget_state([state, other], "../_static/")
    assert "cdn.jsdelivr" not in state.attributes["body"]
    assert "../_static/ogp-vendor/vega.min.js?noext" in state.attributes["body"]
    assert "cdn.jsdelivr" in other.attributes["body"]  # only widget state is touched


def test_widget_state_charts_lose_the_actions_menu_and_stay_valid_json() -> None:
    import json

    html = ALTAIR_SNIPPET
    body = json.dumps({"state": {"m": {"outputs": [{"data": {"text/html": html}}]}}})
    body = body.replace("</", "<\\/")  # as myst-nb writes it into the page
    fixed = pages.localise_widget_state(body, "_static/")
    assert "</script>" not in fixed
    decoded = json.loads(fixed)["state"]["m"]["outputs"][0]["data"]["text/html"]
    assert "cdn.jsdelivr" not in decoded
    assert '"actions": false' in decoded


def test_a_browser_leaving_mid_download_prints_no_traceback(tmp_path, capsys) -> None:
    """A reader who leaves a page while a large file is still coming closes the connection;
    the preview server says nothing about it (socketserver would print a traceback)."""
    (tmp_path / "big.bin").write_bytes(b"\0" * 20_000_000)  # not gzipped: sent in pieces
    with serve(tmp_path) as url:
        host, port = url.removeprefix("http://").rstrip("/").split(":")
        client = socket.create_connection((host, int(port)))
        client.sendall(b"GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n")
        client.recv(65536)
        # Close at once with a reset, as a browser tab that is closed does.
        client.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        client.close()
        with urllib.request.urlopen(url + "big.bin") as response:  # the server goes on
            assert len(response.read()) == 20_000_000
        time.sleep(0.5)  # long after the dropped connection's next write has failed
    assert capsys.readouterr().err == ""
