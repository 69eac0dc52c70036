"""A live kernel reuses the offline chart bundle an earlier kernel kept, for the same versions."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import altair as alt
import pandas as pd
import pytest
from altair.jupyter import jupyter_chart

from ogp_curriculum import charts
from ogp_curriculum.paths import STATIC_CHARTS_ENV

WIDGET = jupyter_chart.JupyterChart


@pytest.fixture
def online(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """Altair's widget as a fresh kernel has it (not yet bundled), an empty per-user cache, a
    live kernel's environment; everything is put back afterwards. Yields the cache folder."""
    monkeypatch.delenv(STATIC_CHARTS_ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setattr(WIDGET, "_esm", jupyter_chart.load_js_src())
    monkeypatch.setattr(WIDGET, "_is_offline", False)
    renderer, options = alt.renderers.active, dict(alt.renderers.options)
    yield tmp_path / "cache"
    alt.renderers.enable(renderer, **options)


def _reset() -> None:
    """What the next kernel starts with (the monkeypatch in ``online`` restores the real one)."""
    WIDGET._esm = jupyter_chart.load_js_src()
    WIDGET._is_offline = False


@pytest.fixture
def bundling(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """Record Altair bundling instead of running it (a second of CPU); it bundles "FRESH"."""
    calls: list[bool] = []

    def fake(offline: bool = True) -> None:
        calls.append(offline)
        WIDGET._esm, WIDGET._is_offline = "FRESH", True

    monkeypatch.setattr(WIDGET, "enable_offline", fake)
    return calls


def _plant(text: str) -> Path:
    path = charts._bundle_path()
    assert path is not None
    charts._write_bundle(path, text)
    return path


def test_a_kept_bundle_is_used_without_bundling(online: Path, bundling: list[bool]) -> None:
    _plant("PLANTED")
    assert charts.use_offline_renderer()
    assert (WIDGET._esm, WIDGET._is_offline, bundling) == ("PLANTED", True, [])


def _other_altair(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(alt, "__version__", "0.0-other")


def _other_vl_convert(monkeypatch: pytest.MonkeyPatch) -> None:
    import importlib.metadata

    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version",
                        lambda name: "0.0-other" if name == "vl-convert-python" else real(name))


def _other_js_source(monkeypatch: pytest.MonkeyPatch) -> None:
    source = jupyter_chart.load_js_src() + "\n// edited\n"
    monkeypatch.setattr(jupyter_chart, "load_js_src", lambda: source)


@pytest.mark.parametrize("change", [_other_altair, _other_vl_convert, _other_js_source])
def test_another_version_misses_and_keeps_its_own_bundle(
    change, online: Path, bundling: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    planted = _plant("PLANTED")
    change(monkeypatch)
    assert charts.use_offline_renderer()
    assert (WIDGET._esm, bundling) == ("FRESH", [True])
    kept = charts._bundle_path()
    assert kept is not None and kept != planted and charts._read_bundle(kept) == "FRESH"


def test_a_corrupted_bundle_is_not_used(online: Path, bundling: list[bool]) -> None:
    path = _plant("PLANTED")
    path.write_bytes(path.read_bytes().replace(b"PLANTED", b"PLANTEX"))
    assert charts.use_offline_renderer()
    assert (WIDGET._esm, bundling) == ("FRESH", [True])
    assert charts._read_bundle(path) == "FRESH"  # replaced by an intact one


def test_an_unwritable_cache_leaves_altairs_own_path(
    online: Path, bundling: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = online.parent / "blocked"  # a file where the cache folder should be
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    assert charts.use_offline_renderer()
    # Nothing bundled at import: Altair bundles at the first chart, as without the cache.
    assert (WIDGET._is_offline, bundling) == (False, [])
    assert alt.renderers.active == "jupyter" and alt.renderers.options == {"offline": True}


def test_a_different_altair_widget_is_left_alone(
    online: Path, bundling: list[bool], monkeypatch: pytest.MonkeyPatch
) -> None:
    _plant("PLANTED")
    monkeypatch.delattr(WIDGET, "_is_offline")
    assert charts.use_offline_renderer()
    assert WIDGET._esm == jupyter_chart.load_js_src() and bundling == []


@pytest.mark.slow
def test_the_kept_bundle_is_exactly_altairs_and_charts_render(
    online: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    WIDGET.enable_offline(offline=True)  # Altair alone, as without this cache
    expected = WIDGET._esm
    assert expected != jupyter_chart.load_js_src()
    _reset()
    assert charts.use_offline_renderer()  # a miss: Altair bundles, the result is kept
    assert WIDGET._esm == expected
    _reset()

    import vl_convert

    def refuse(*args: object, **kwargs: object) -> str:
        raise AssertionError("bundled again although the bundle was kept")

    monkeypatch.setattr(vl_convert, "javascript_bundle", refuse)
    assert charts.use_offline_renderer()  # the next kernel: a hit
    assert WIDGET._esm == expected and WIDGET._is_offline
    chart = alt.Chart(pd.DataFrame({"x": [1, 2]})).mark_bar().encode(x="x:Q")
    bundle = chart._repr_mimebundle_()
    data = bundle[0] if isinstance(bundle, tuple) else bundle
    assert "application/vnd.jupyter.widget-view+json" in data
    assert WIDGET._esm == expected  # rendering did not bundle or reset it
