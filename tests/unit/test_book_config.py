"""The book's _config.yml, read once through the input layer by every build that rewrites it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ogp_curriculum import book
from ogp_curriculum.book_config import derived_config, read_book_yaml
from ogp_curriculum.errors import DefinitionError
from ogp_curriculum.i18n import update


@pytest.mark.parametrize("text, words", [
    ("title: [unclosed\n", "malformed YAML"),
    ("title: a\ntitle: b\n", "duplicate"),
    ("- just\n- a list\n", "must be a YAML mapping"),
    ("", "must be a YAML mapping"),
])
def test_a_broken_config_is_one_line_naming_the_file(tmp_path: Path, text: str,
                                                     words: str) -> None:
    (tmp_path / "_config.yml").write_text(text, encoding="utf-8")
    for write in (lambda: book.language_config(tmp_path, "fr"),
                  lambda: update._gettext_config(tmp_path, tmp_path / "out")):
        with pytest.raises(DefinitionError) as caught:
            write()
        message = str(caught.value)
        assert "\n" not in message and str(tmp_path / "_config.yml") in message
        assert words in message


def test_derived_config_merges_nested_settings_and_keeps_the_rest(tmp_path: Path) -> None:
    (tmp_path / "_config.yml").write_text(
        "title: Tí\nexecute:\n  timeout: 9\nsphinx: null\n", encoding="utf-8")
    target = derived_config(tmp_path, tmp_path / "out" / "_config.yml",
                            {"execute": {"execute_notebooks": "off"},
                             "sphinx": {"config": {"language": "es"}}})
    assert yaml.safe_load(target.read_text(encoding="utf-8")) == {
        "title": "Tí", "execute": {"timeout": 9, "execute_notebooks": "off"},
        "sphinx": {"config": {"language": "es"}}}
    assert read_book_yaml(tmp_path / "_config.yml")["sphinx"] is None  # the source is untouched


def test_make_book_reports_a_broken_config_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "_toc.yml").write_text("format: jb-book\nroot: intro\n", encoding="utf-8")
    (tmp_path / "_config.yml").write_text("title: [unclosed\n", encoding="utf-8")
    monkeypatch.setenv("OGP_CURRICULUM_ROOT", str(tmp_path))
    assert book.main(["fr"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "_config.yml" in err and "Traceback" not in err
