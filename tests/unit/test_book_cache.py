"""The build's execution cache is dropped with Sphinx's parsed pages when the package changes."""

from __future__ import annotations

from pathlib import Path

from ogp_curriculum import book


def _stale_build(source: Path) -> None:
    cache = book.execution_cache(source)
    cache.mkdir(parents=True)
    (cache / book.CACHE_STAMP).write_text("made with other package code")
    (cache / "global.db").write_text("old executions")
    doctrees = source / "_build" / ".doctrees"
    doctrees.mkdir()
    (doctrees / "environment.pickle").write_text("pages parsed against the old cache")


def test_a_stale_cache_goes_with_the_parsed_pages(tmp_path: Path) -> None:
    # Keeping the parsed pages would let Sphinx skip unchanged notebooks: none would run again.
    _stale_build(tmp_path)
    book.drop_stale_execution_cache(tmp_path)
    cache = book.execution_cache(tmp_path)
    assert not (cache / "global.db").exists()
    assert not (tmp_path / "_build" / ".doctrees").exists()
    assert (cache / book.CACHE_STAMP).read_text() == book._package_inputs_digest()


def test_a_current_cache_and_its_parsed_pages_stay(tmp_path: Path) -> None:
    _stale_build(tmp_path)
    (book.execution_cache(tmp_path) / book.CACHE_STAMP).write_text(book._package_inputs_digest())
    book.drop_stale_execution_cache(tmp_path)
    assert (book.execution_cache(tmp_path) / "global.db").exists()
    assert (tmp_path / "_build" / ".doctrees" / "environment.pickle").exists()
