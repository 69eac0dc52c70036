"""Cohort pack builds: parameters injected as declared, all-or-nothing packs, shipped cohorts.

These start kernels, Jupyter Book and chromium, so they carry the `notebooks` mark. The small
book below keeps the mechanics tests to a few seconds of kernel time.
"""

from __future__ import annotations

import contextlib
import html
import io
import json
import re
import threading
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pandas as pd
import pytest
import yaml

from ogp_curriculum import cli
from ogp_curriculum.citations import to_roles
from ogp_curriculum.cohorts import book as book_mod
from ogp_curriculum.cohorts import build as build_mod
from ogp_curriculum.cohorts import countries as country_data
from ogp_curriculum.cohorts import render as render_mod
from ogp_curriculum.cohorts.build import build_cohort
from ogp_curriculum.cohorts.execute import BuildError
from ogp_curriculum.paths import repo_root

pytestmark = pytest.mark.notebooks
ROOT = repo_root()
_NAMES = {"philippines": "PHL", "bfa": "BFA"}


def use_standin_irm(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(country_data, "resolve_country", lambda n: _NAMES.get(n.strip().lower()))
    monkeypatch.setattr(country_data, "countries_in_data", lambda: frozenset({"PHL"}))
    monkeypatch.setattr(
        country_data,
        "country_profile",
        lambda iso3: pd.DataFrame({"measure": ["<script>commitments</script>"], "value": [28]}),
    )


@pytest.fixture
def standin_irm(monkeypatch: pytest.MonkeyPatch) -> None:
    use_standin_irm(monkeypatch)


def notebook(title: str, *code: str, parameters: str | None = None) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {
        "name": "python3",
        "display_name": "Python 3",
        "language": "python",
    }
    cells = [nbformat.v4.new_markdown_cell(f"# {title}\n\n**Time:** about 20 minutes\n")]
    if parameters is not None:
        cell = nbformat.v4.new_code_cell(parameters)
        cell.metadata["tags"] = ["parameters"]
        cells.append(cell)
    cells += [nbformat.v4.new_code_cell(source) for source in code]
    nb.cells = cells
    return nb


def write_small_book(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A three-page book: two pages with different parameter sets, one that fails in cell 3."""
    book = folder / "book"
    (book / "modules").mkdir(parents=True)
    (book / "exercises").mkdir()
    (book / "_toc.yml").write_text(
        yaml.safe_dump(
            {
                "format": "jb-book",
                "root": "intro",
                "chapters": [
                    {"file": "modules/01_data"},
                    {"file": "modules/02_story"},
                    {"file": "exercises/broken"},
                ],
            }
        ),
        encoding="utf-8",
    )
    (book / "_config.yml").write_text(
        yaml.safe_dump(
            {
                "title": "Small book",
                "author": "Tests",
                "repository": {"url": "https://github.com/example-org/small-book"},
                "launch_buttons": {"jupyterhub_url": "https://hub.example.org"},
            }
        ),
        encoding="utf-8",
    )
    data = notebook(
        "Data page",
        "print('countries:', countries, 'cohort:', cohort_name)",
        parameters='countries: list = []\ncohort_name: str = ""',
    )
    # A link to a page the cohort leaves out: the strict cohort book must still build.
    data.cells.insert(1, nbformat.v4.new_markdown_cell("Next: [broken](../exercises/broken.ipynb)"))
    nbformat.write(data, book / "modules" / "01_data.ipynb")
    story = notebook(
        "Story page", "print(scenario_overrides)", parameters="scenario_overrides: dict = {}"
    )
    nbformat.write(story, book / "modules" / "02_story.ipynb")
    broken = notebook("Broken page", "x = 1", "raise RuntimeError('deliberate failure')")
    nbformat.write(broken, book / "exercises" / "broken.ipynb")
    monkeypatch.setattr(build_mod, "repo_root", lambda: book)
    return book


@pytest.fixture
def small_book(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    return write_small_book(tmp_path, monkeypatch)


def cohort_file(tmp_path: Path, **changes: object) -> Path:
    data = {
        "name": "small",
        "title": "Small <cohort> & friends",
        "countries": ["Philippines", "BFA"],
        "language": "en",
        "include": ["01_data", "02_story"],
        "scenario_overrides": {"02_story": {"reformer": "R. Example (fictional)"}},
        "facilitator": {"name": "A. Trainer (fictional)", "email": "a@example.org"},
        **changes,
    }
    path = tmp_path / "small.yml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return path


def injected(path: Path) -> str | None:
    nb = nbformat.read(path, as_version=4)
    cells = [c for c in nb.cells if "injected-parameters" in c.metadata.get("tags", [])]
    return cells[0].source if cells else None


@dataclass(frozen=True)
class Built:
    pack: Path
    out: Path
    stderr: str


@pytest.fixture(scope="module")
def small_pack(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """One build of the small book's pack, over an older pack of the same name.

    The tests below only read it: one build (kernels, a book, chromium) serves them all.
    """
    folder = tmp_path_factory.mktemp("small-pack")
    out = folder / "packs"
    (out / "small").mkdir(parents=True)
    (out / "small" / "stale.txt").write_text("from an older build", encoding="utf-8")
    stderr = io.StringIO()
    with pytest.MonkeyPatch.context() as monkeypatch, contextlib.redirect_stderr(stderr):
        write_small_book(folder, monkeypatch)
        use_standin_irm(monkeypatch)
        pack = build_cohort(cohort_file(folder), out, progress=True)
    return Built(pack, out, stderr.getvalue())


def test_pack_has_every_part_and_only_declared_parameters(small_pack: Built) -> None:
    pack, out = small_pack.pack, small_pack.out
    assert "notebooks: 100%" in small_pack.stderr  # the tqdm progress bar

    assert pack == (out / "small").resolve()
    assert sorted(p.name for p in out.iterdir()) == ["small"]  # no staging folder left
    data_page = pack / "notebooks" / "modules" / "01_data.ipynb"
    story_page = pack / "notebooks" / "modules" / "02_story.ipynb"
    assert 'countries = ["PHL", "BFA"]' in injected(data_page)
    assert 'cohort_name = "small"' in injected(data_page)
    assert "scenario_overrides" not in injected(data_page)
    assert "countries" not in injected(story_page)
    assert "R. Example (fictional)" in injected(story_page)
    outputs = nbformat.read(data_page, as_version=4).cells[-1].outputs
    assert outputs[0]["text"].strip() == "countries: ['PHL', 'BFA'] cohort: small"
    assert not (pack / "notebooks" / "exercises").exists()

    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["cohort"] == "small"
    assert [n["source"] for n in manifest["notebooks"]] == [
        "modules/01_data.ipynb",
        "modules/02_story.ipynb",
    ]
    assert manifest["notebooks"][1]["parameters"] == {
        "scenario_overrides": {"reformer": "R. Example (fictional)"}
    }
    assert [c["irm_2016_data"] for c in manifest["countries"]] == [True, False]
    assert any("BFA has no commitments" in note for note in manifest["notes"])
    for relative in (manifest["book"], manifest["handout"]["pdf"], manifest["links"]):
        assert (pack / relative).is_file()

    home = (pack / "book" / "agenda.html").read_text(encoding="utf-8")
    # Themes print the page title unescaped: it carries lookalikes for the angle brackets.
    assert "Small ‹cohort› &amp; friends" in home and "<cohort>" not in home
    assert "Data page" in home and "Story page" in home
    assert (pack / "book" / "modules" / "01_data.html").is_file()
    assert not (pack / "book" / "exercises").exists()
    assert "broken (in the full book)" in (pack / "book" / "modules" / "01_data.html").read_text(
        encoding="utf-8"
    )

    handout = (pack / "handout.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;commitments&lt;/script&gt;" in handout  # data is escaped
    assert "<script>" not in handout
    assert "No commitments for this country in the 2016 IRM dataset." in handout
    assert "Reflection prompts" in handout
    assert (pack / "handout.pdf").read_bytes().startswith(b"%PDF-")
    assert "git-pull?repo=https%3A//github.com/example-org/small-book" in (
        pack / "links.md"
    ).read_text(encoding="utf-8")


def test_a_failing_notebook_leaves_no_pack_and_names_notebook_and_cell(
    tmp_path: Path, small_book: Path, standin_irm: None, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "packs"
    (out / "small").mkdir(parents=True)
    (out / "small" / "manifest.json").write_text('{"earlier": true}', encoding="utf-8")
    path = cohort_file(tmp_path, include=["01_data", "broken"], scenario_overrides={})

    # One failing build, through the command line: its error line is the BuildError's text.
    code = cli.main(["cohort", "build", str(path), "--out", str(out), "--no-progress"])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 1
    prefix = "error: build failed, no pack written: "
    assert err[-1].startswith(prefix + "exercises/broken.ipynb failed in cell 3 ")
    assert err[-1].endswith("RuntimeError: deliberate failure")
    assert "Traceback" not in "\n".join(err)
    # The earlier pack is untouched and no staging folder is left behind.
    assert sorted(p.name for p in out.iterdir()) == ["small"]
    assert (out / "small" / "manifest.json").read_text(encoding="utf-8") == '{"earlier": true}'


def test_a_fresh_output_folder_is_removed_when_the_build_fails(
    tmp_path: Path, small_book: Path, standin_irm: None
) -> None:
    out = tmp_path / "new-packs"
    with pytest.raises(BuildError):
        build_cohort(
            cohort_file(tmp_path, include=["broken"], scenario_overrides={}), out, progress=False
        )
    assert not out.exists()


def test_a_failing_book_is_waited_for_and_its_error_reported(
    tmp_path: Path, small_book: Path, standin_irm: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The book builds while the handout prints: a handout failure waits for the book
    (staging stays under it) and the book's error is the one reported."""
    handout_failed = threading.Event()
    beside_the_book: list[str] = []
    out = tmp_path / "packs"

    def failing_book(src: Path) -> Path:
        handout_failed.wait(timeout=60)
        beside_the_book.extend(p.name for p in out.iterdir())
        raise BuildError("the cohort book did not build: deliberate")

    def failing_pdf(page: Path, pdf: Path, **options: object) -> None:
        handout_failed.set()
        raise BuildError("chromium did not write the handout PDF")

    monkeypatch.setattr(book_mod, "build_html", failing_book)
    monkeypatch.setattr(render_mod, "print_pdf", failing_pdf)
    path = cohort_file(tmp_path, include=["02_story"])
    with pytest.raises(BuildError, match="^the cohort book did not build: deliberate$"):
        build_cohort(path, out, progress=False)
    assert handout_failed.is_set()
    assert len(beside_the_book) == 1 and beside_the_book[0].startswith(".small.building-")
    assert not out.exists()


def test_a_rebuild_replaces_the_pack_whole(small_pack: Built) -> None:
    # small_pack was built over an older pack holding stale.txt.
    assert not (small_pack.pack / "stale.txt").exists()
    assert (small_pack.pack / "manifest.json").is_file()
    assert sorted(p.name for p in small_pack.out.iterdir()) == ["small"]  # the old one is gone


def test_parameters_no_page_declares_are_a_note_not_an_error(
    tmp_path: Path, small_book: Path, standin_irm: None, capsys: pytest.CaptureFixture[str]
) -> None:
    path = cohort_file(
        tmp_path,
        scenario_overrides={"01_data": {"city": "X"}},
        parameters={"reflections_dir": "/tmp/r"},
    )
    out = tmp_path / "packs"
    code = cli.main(["cohort", "check", str(path), "--out", str(out)])
    err = capsys.readouterr().err.strip().splitlines()
    assert code == 0
    assert err == [
        "note: BFA has no commitments in the 2016 IRM dataset: the data pages cannot show "
        "it, and its handout profile says so.",
        "note: modules/01_data.ipynb declares no scenario_overrides parameter; its overrides "
        "are unused.",
        "note: no selected notebook declares reflections_dir; not passed on.",
    ]
    assert not out.exists()


# Built in full: the widest shipped cohort (most pages, a translation, several countries
# including ones without IRM data, a hub link, its own prompts, scenario overrides). The
# others go through the same planning (validation, parameters, overrides, agenda) without
# running their notebooks: building each would repeat the same code paths for ~25 s each.
REPRESENTATIVE = "francophone-africa"


def test_the_representative_shipped_cohort_builds(tmp_path: Path) -> None:
    """The real book, the real IRM helpers, one real cohort, every part of the pack."""
    path = ROOT / "data" / "cohorts" / f"{REPRESENTATIVE}.yml"
    pack = build_cohort(path, tmp_path / "packs", progress=False)
    manifest = json.loads((pack / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["cohort"] == REPRESENTATIVE
    assert (pack / "book" / "index.html").is_file()
    assert (pack / "handout.pdf").read_bytes().startswith(b"%PDF-")
    assert len(manifest["notebooks"]) == 5
    for entry in manifest["notebooks"]:
        assert (pack / entry["output"]).is_file()
    # A French cohort: its pack is in French (tests/unit/test_cohorts_language.py has the rest).
    assert manifest["language"] == "fr"
    assert_pack_in_french(pack, manifest)


def assert_pack_in_french(pack: Path, manifest: dict[str, object]) -> None:
    """Every page of the pack carries the catalogues' French, none of the notebooks' English."""
    from html.parser import HTMLParser

    from ogp_curriculum.i18n import notebooks as nbs

    class Text(HTMLParser):
        def __init__(self) -> None:
            super().__init__()
            self.parts: list[str] = []
            self.skip = 0

        def handle_starttag(self, tag: str, attrs: object) -> None:
            self.skip += tag in ("script", "style")

        def handle_endtag(self, tag: str) -> None:
            self.skip -= tag in ("script", "style")

        def handle_data(self, data: str) -> None:
            if not self.skip:
                self.parts.append(data)

    plain = re.compile(r"^[^`*{}\[\]$<>_|#]{25,}$")
    notebooks = manifest["notebooks"]
    assert isinstance(notebooks, list)
    for item in notebooks:
        assert item["source"].startswith("translations/fr/"), item
        entry = item["output"].removeprefix("notebooks/").removesuffix(".ipynb")
        messages = nbs.load_catalogue(nbs.catalogue_path(ROOT, "fr", entry))
        french = set(messages.values()) | {k for k, v in messages.items() if k == v}
        english = {k for k, v in messages.items() if k != v}
        executed = nbformat.read(pack / item["output"], as_version=4)
        # Generated notebooks point links to other pages back at the English tree.
        found = [
            nbs.message_id(block.text).replace("](../../../", "](../")
            for cell in executed.cells
            if cell.cell_type == "markdown"
            for block in nbs.blocks(to_roles(cell.source))
        ]
        assert found and set(found) <= french, f"{entry}: {sorted(set(found) - french)[:3]}"
        parser = Text()
        parser.feed((pack / "book" / f"{entry}.html").read_text(encoding="utf-8"))
        text = " ".join(" ".join(parser.parts).replace("\u2019", "'").split())
        # Names the translation keeps (a tool's published title) are not leftovers.
        kept = " ".join(messages.values())
        leftovers = [k for k in english if plain.match(k) and k in text and k not in kept]
        assert leftovers == [], f"{entry}: English left on the page: {leftovers[:3]}"
        assert found[0] in text, f"{entry}: the French title is not on the page"
        # Its Binder and JupyterHub buttons open the French notebook.
        page = (pack / "book" / f"{entry}.html").read_text(encoding="utf-8")
        assert f"/translations/fr/{entry}.ipynb" in page and f"tree/{entry}.ipynb" not in page
    agenda = (pack / "book" / "agenda.html").read_text(encoding="utf-8")
    welcome = nbs.load_catalogue(nbs.catalogue_path(ROOT, "fr", "modules/01_welcome"))
    agenda_text = html.unescape(agenda).replace("\u2019", "'")
    assert welcome["Welcome and how to use this book"] in agenda_text
    assert 'lang="fr"' in agenda
    handout = (pack / "handout.html").read_text(encoding="utf-8")
    assert "Partenariat pour un gouvernement ouvert" in handout and "Data:" not in handout
    # Reference pages the pack carries are translated by the book's catalogues.
    support = (("reference/glossary", "Glossary"), ("reference/bibliography", "Bibliography"))
    for page, heading in support:
        french_heading = nbs.load_catalogue(nbs.catalogue_path(ROOT, "fr", page))[heading]
        assert f"{french_heading}<" in (pack / "book" / f"{page}.html").read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "path", sorted((ROOT / "data" / "cohorts").glob("*.yml")), ids=lambda p: p.stem
)
def test_every_shipped_cohort_plans_without_building(path: Path, tmp_path: Path) -> None:
    from ogp_curriculum.cohorts.build import plan

    planned = plan(path, tmp_path / "packs")
    assert planned.cohort.name == path.stem
    assert planned.target == (tmp_path / "packs" / path.stem).resolve()
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    pages = [info.entry for info in planned.infos]
    assert sorted(entry.rsplit("/", 1)[-1] for entry in pages) == sorted(raw["include"])
    for stem, overrides in raw.get("scenario_overrides", {}).items():
        entry = next(e for e in pages if e.endswith(f"/{stem}"))
        assert planned.parameters[entry]["scenario_overrides"] == overrides
    assert not (tmp_path / "packs").exists(), "planning writes nothing"


def test_after_a_failure_no_further_notebook_starts(tmp_path: Path) -> None:
    from ogp_curriculum.cohorts.execute import Job, run_all

    marks = tmp_path / "marks"
    marks.mkdir()
    jobs = []
    for name in ("broken", "m1", "m2", "m3"):
        code = (
            "raise RuntimeError('deliberate')"
            if name == "broken"
            else f"open({str(marks / name)!r}, 'w').close()"
        )
        path = tmp_path / f"{name}.ipynb"
        nbformat.write(notebook(name, code), path)
        jobs.append(Job(name, path, tmp_path / "out" / f"{name}.ipynb", {}))

    with pytest.raises(BuildError, match=r"^broken\.ipynb failed in cell 2"):
        run_all(jobs, workers=1, progress=False)
    assert sorted(p.name for p in marks.iterdir()) == []
