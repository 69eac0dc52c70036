"""The two reflection notebooks run, adapt to a cohort's folder, and write nothing into the repo."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import nbformat
import pandas as pd
import pytest

from ogp_curriculum.book import executed
from ogp_curriculum.kernels import kernel_options
from ogp_curriculum.paths import repo_root
from ogp_curriculum.reflections.schema import empty_reflection

pytestmark = pytest.mark.notebooks

EXERCISES = repo_root() / "exercises"
PAYLOAD = "<script>window.__pwned=1</script><img src=x onerror=alert(1)>"


def repo_state() -> str:
    return subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=all"],
        cwd=repo_root(),
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    ).stdout


def run(name: str, tmp_path: Path, monkeypatch, **parameters) -> nbformat.NotebookNode:
    import papermill

    monkeypatch.setenv("HOME", str(tmp_path / "home"))  # "~" of the kernel
    (tmp_path / "home").mkdir(exist_ok=True)
    before = repo_state()
    out = tmp_path / f"out-{name}"
    papermill.execute_notebook(
        str(EXERCISES / name),
        str(out),
        parameters=parameters,
        cwd=str(EXERCISES),
        progress_bar=False,
        kernel_name="python3",
        **kernel_options(),
    )
    assert repo_state() == before, "the notebook wrote into the repository"
    return nbformat.read(out, as_version=4)


def outputs(book: nbformat.NotebookNode, mime: str) -> str:
    texts = []
    for cell in book.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and mime == "stream":
                texts.append(output["text"])
            elif mime in output.get("data", {}):
                data = output["data"][mime]
                texts.append(data if isinstance(data, str) else json.dumps(data))
    return "\n".join(texts)


def test_the_parameters_cell_follows_the_conventions() -> None:
    for name, names in {
        "plenary_synthesis.ipynb": ["cohort_name", "reflections_dir", "export_dir"],
        "reflection_form.ipynb": ["cohort_name", "save_folder"],
    }.items():
        book = nbformat.read(EXERCISES / name, as_version=4)
        tagged = [c for c in book.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(tagged) == 1, name
        for variable in names:
            assert f'{variable}: str = ""' in tagged[0].source


def test_the_form_notebook_saves_nothing_until_a_group_is_named(tmp_path, monkeypatch) -> None:
    book = run("reflection_form.ipynb", tmp_path, monkeypatch)
    assert "ogp_reflections" in outputs(book, "stream")
    assert not (tmp_path / "home" / "ogp_reflections").exists()


@pytest.mark.book
def test_the_plenary_runs_on_the_demo_cohort(book_build: str) -> None:
    # The default parameters are the book's own run: read that execution, do not run it again.
    run = executed(repo_root(), EXERCISES / "plenary_synthesis.ipynb")
    assert run.notebook is not None, run.traceback
    text = outputs(run.notebook, "stream")
    assert "Hand-ins read: 6; files skipped: 1" in text
    assert "Capital group (fictional)" in text


def test_the_plenary_adapts_to_a_cohort_folder(tmp_path, monkeypatch) -> None:
    folder = tmp_path / "hand-ins"
    folder.mkdir()
    doc = empty_reflection(f"Group {PAYLOAD}")
    doc["prompts"]["resonance"] = PAYLOAD
    doc["priority_votes"] = [{"suggestion": PAYLOAD, "votes": 1}]
    (folder / "a.json").write_text(json.dumps(doc), encoding="utf-8")
    (folder / "broken.json").write_text('{"kind": "ogp-curr', encoding="utf-8")
    exports = tmp_path / "exports"
    book = run(
        "plenary_synthesis.ipynb",
        tmp_path,
        monkeypatch,
        cohort_name="Cohort Z",
        reflections_dir=str(folder),
        export_dir=str(exports),
    )
    assert "Hand-ins read: 1; files skipped: 1" in outputs(book, "stream")
    html_outputs = outputs(book, "text/html")
    assert "broken.json" in html_outputs and "malformed" in html_outputs
    assert "<script>window.__pwned" not in html_outputs and "<img src=x" not in html_outputs
    assert "&lt;script&gt;window.__pwned" in html_outputs
    assert "<title>Cohort Z</title>" in (exports / "reflections_report.html").read_text()


def test_pandas_tables_escape_learner_text() -> None:
    # The notebooks display learner text in pandas tables; that relies on pandas escaping.
    html = pd.DataFrame({"answer": [PAYLOAD]})._repr_html_()
    assert "<script>" not in html and "&lt;script&gt;" in html
