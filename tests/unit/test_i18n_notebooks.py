"""French and Spanish notebooks made from the English ones and the book's Sphinx catalogues.

The committed notebooks under translations/ must be exactly what the generator makes now, every
block of every module and exercise must have a translation, and the generator must cut markdown
into the very messages Sphinx's gettext builder extracted (else a lookup silently misses).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

from ogp_curriculum import cli
from ogp_curriculum.citations import to_roles
from ogp_curriculum.i18n import notebooks as nbs
from ogp_curriculum.paths import repo_root

ROOT = repo_root()
SOURCES = nbs.english_notebooks(ROOT)


@pytest.fixture(scope="module")
def generated() -> tuple[nbs.Report, dict[Path, str]]:
    return nbs.generate(ROOT, write=False)


CELL = """\
# Title here

Intro paragraph that runs
over two lines with `code` and [a link](other.ipynb).

- First item
  continues here.
- Second item

| Name | Value |
|---|---|
| Alpha | `A` |

```{admonition} Careful now
:class: tip

Body of the note.
```

```{exercise} Exercise titles are extracted too
:label: ex-1

Do the thing.
```

```python
print("code stays")
```
"""

FRENCH = {
    "Title here": "Titre ici",
    "Intro paragraph that runs over two lines with `code` and [a link](other.ipynb).": (
        "Paragraphe d'introduction avec `code` et [un lien](other.ipynb)."
    ),
    "First item continues here.": "Premier élément qui continue ici.",
    "Second item": "Deuxième élément",
    "Name": "Nom",
    "Value": "Valeur",
    "Alpha": "Alpha-fr",
    "Careful now": "Attention",
    "Body of the note.": "Corps de la note.",
    "Do the thing.": "Faites-le.",
    "Exercise titles are extracted too": "Les titres d'exercice aussi",
}


def test_markdown_is_translated_block_by_block_keeping_its_structure() -> None:
    text, missing = nbs.translate_markdown(CELL, FRENCH.get)
    assert missing == ["`A`"]  # a table cell with no entry is reported, not dropped
    assert text.splitlines()[:12] == [
        "# Titre ici",
        "",
        "Paragraphe d'introduction avec `code` et [un lien](other.ipynb).",
        "",
        "- Premier élément qui continue ici.",
        "- Deuxième élément",
        "",
        "| Nom | Valeur |",
        "|---|---|",
        "| Alpha-fr | `A` |",
        "",
        "```{admonition} Attention",
    ]
    assert ":class: tip\n\nCorps de la note.\n```" in text
    assert "```{exercise} Les titres d'exercice aussi\n:label: ex-1\n\nFaites-le." in text
    assert 'print("code stays")' in text and text.endswith("```\n")


def test_the_parameters_cell_gets_the_language() -> None:
    source = 'countries: list = []\nlanguage = None  # set by papermill\nother = None\n'
    assert nbs.set_language_parameter(source, "fr") == (
        'countries: list = []\nlanguage = "fr"  # set by papermill\nother = None\n'
    )
    assert nbs.set_language_parameter("language: str | None = None", "es") == (
        'language: str | None = "es"'
    )


@pytest.mark.parametrize("language", nbs.TARGET_LANGUAGES)
@pytest.mark.parametrize("source", SOURCES, ids=lambda p: p.relative_to(ROOT).as_posix())
def test_blocks_are_exactly_the_messages_sphinx_extracted(source: Path, language: str) -> None:
    entry = source.relative_to(ROOT).with_suffix("").as_posix()
    with nbs.catalogue_path(ROOT, language, entry).open("rb") as handle:
        extracted = {str(m.id) for m in read_po(handle) if m.id}
    cells = json.loads(source.read_text(encoding="utf-8"))["cells"]
    ours = {
        nbs.message_id(block.text)
        for cell in cells
        if cell["cell_type"] == "markdown"
        # Citations as the roles Sphinx reads (the notebooks carry live links).
        for block in nbs.blocks(to_roles("".join(cell["source"])))
    }
    assert ours - extracted == set(), "blocks Sphinx does not extract"
    assert extracted - ours == set(), "messages the generator never looks up"


def test_every_block_of_modules_and_exercises_is_translated(
    generated: tuple[nbs.Report, dict[Path, str]],
) -> None:
    report, _ = generated
    left = {str(p.relative_to(ROOT)): ids[:3] for p, ids in report.missing.items()}
    assert report.missing_count == 0, f"untranslated blocks: {left}"


def test_committed_notebooks_are_what_the_generator_makes(
    generated: tuple[nbs.Report, dict[Path, str]],
) -> None:
    _, texts = generated
    committed = set((ROOT / nbs.TRANSLATIONS_DIR).rglob("*.ipynb"))
    assert committed == set(texts), "run `python -m ogp_curriculum i18n notebooks`"
    stale = [
        str(path.relative_to(ROOT))
        for path, text in texts.items()
        if path.read_text(encoding="utf-8") != text
    ]
    assert stale == [], "out of date: run `python -m ogp_curriculum i18n notebooks`"


def test_translated_notebooks_keep_code_ids_and_metadata(
    generated: tuple[nbs.Report, dict[Path, str]],
) -> None:
    _, texts = generated
    for source in SOURCES:
        english = json.loads(source.read_text(encoding="utf-8"))
        for language in nbs.TARGET_LANGUAGES:
            target = nbs.translated_path(ROOT, language, source)
            other = json.loads(texts[target])
            assert other["metadata"] == english["metadata"]
            assert len(other["cells"]) == len(english["cells"])
            for ours, theirs in zip(other["cells"], english["cells"], strict=True):
                assert (ours["id"], ours["metadata"]) == (theirs["id"], theirs["metadata"])
                if ours["cell_type"] == "code":
                    assert ours["outputs"] == []
                    expected = "".join(theirs["source"])
                    if "parameters" in theirs["metadata"].get("tags", []):
                        expected = nbs.set_language_parameter(expected, language)
                    assert "".join(ours["source"]) == expected


def test_links_to_pages_outside_the_translations_point_at_the_english_tree(
    generated: tuple[nbs.Report, dict[Path, str]],
) -> None:
    _, texts = generated
    text = texts[ROOT / "translations/fr/modules/02_critical_juncture.ipynb"]
    assert "](../../../reference/about_data.md)" in text
    assert "](01_welcome.ipynb)" in text  # its French neighbour


def test_the_cli_checks_freshness(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["i18n", "notebooks", "--check", "--language", "es"]) == 0
    out = capsys.readouterr().out
    assert "17 notebooks in es; 0 out of date; 0 blocks without a translation" in out


@pytest.mark.slow  # starts nbstripout, a fresh Python process (not in test-fast)
def test_generated_notebooks_are_what_nbstripout_leaves() -> None:
    """The pre-commit hook must not touch them, or the freshness test would fail after it."""
    import subprocess
    import sys

    nbstripout = Path(sys.executable).parent / "nbstripout"
    committed = sorted(str(p) for p in (ROOT / nbs.TRANSLATIONS_DIR).rglob("*.ipynb"))
    done = subprocess.run(
        [str(nbstripout), "--keep-id", "--verify", *committed],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.notebooks
@pytest.mark.parametrize("language", ["fr", "es"])
def test_papermill_runs_a_translated_notebook_in_its_language(
    tmp_path: Path, language: str
) -> None:
    """The committed copy runs as it is (no OGP_LANG): its `language` parameter does the rest.

    The book build runs every notebook per language; the French cohort pack runs French copies
    through papermill; this runs one copy per language the way Binder or a hub opens it.
    """
    import papermill

    from ogp_curriculum.i18n import LANG_ENV, translator
    from ogp_curriculum.kernels import kernel_options

    source = ROOT / "translations" / language / "modules" / "01_welcome.ipynb"
    out = tmp_path / "out.ipynb"
    env = {k: v for k, v in os.environ.items() if k != LANG_ENV}
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv(LANG_ENV, raising=False)
        papermill.execute_notebook(str(source), str(out), cwd=str(source.parent),
                                   kernel_name="python3", progress_bar=False,
                                   execution_timeout=120, **kernel_options())
    assert env.get(LANG_ENV) is None
    shown = out.read_text(encoding="utf-8")
    words = translator(language)
    hints = ["One answer is right.", "More than one answer is right."]
    assert all(words(hint) != hint for hint in hints)
    assert any(words(hint) in shown for hint in hints), "the quiz did not speak the language"
    assert not any(hint in shown for hint in hints), "the quiz spoke English"
