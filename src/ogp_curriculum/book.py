"""The book's structure (from ``_toc.yml``) and its strict build, for tests and tools."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat
import yaml

from ogp_curriculum.paths import data_dir, repo_root

# The same flags as `make book`: warnings, broken references and cell errors all fail.
BOOK_FLAGS: tuple[str, ...] = ("-W", "-n", "--keep-going")


def _files(node: Any) -> Iterator[str]:
    if isinstance(node, dict):
        for key in ("root", "file"):
            if isinstance(node.get(key), str):
                yield node[key]
        for value in node.values():
            if isinstance(value, dict | list):
                yield from _files(value)
    elif isinstance(node, list):
        for item in node:
            yield from _files(item)


def toc_files(book_root: Path | None = None) -> list[str]:
    """Every file stem in ``_toc.yml`` (the root page first), in reading order."""
    root = book_root or repo_root()
    toc = yaml.safe_load((root / "_toc.yml").read_text(encoding="utf-8"))
    return list(dict.fromkeys(_files(toc)))


def toc_notebooks(book_root: Path | None = None) -> list[Path]:
    """The book's notebooks (the stems that are ``.ipynb`` files), in reading order."""
    root = book_root or repo_root()
    paths = [root / f"{stem}.ipynb" for stem in toc_files(root)]
    return [path for path in paths if path.is_file()]


def jupyter_book() -> str:
    """The ``jupyter-book`` script beside this Python, else on PATH."""
    script = Path(sys.executable).with_name("jupyter-book")
    found = str(script) if script.exists() else shutil.which("jupyter-book")
    if not found:
        raise FileNotFoundError("jupyter-book is not installed (pip install -r requirements.txt)")
    return found


# The one strict book build: `make book`, the tests, the cohort packs and the benchmarks.
def build_book(source: Path, *, timeout: int = 1800) -> subprocess.CompletedProcess[str]:
    """Run Jupyter Book 1 on ``source`` with the project's strict flags.

    A build that takes over ``timeout`` seconds is stopped and reported as failed (exit 124,
    the reason in ``stderr``), like any other failed build.
    """
    command = [jupyter_book(), "build", str(source), *BOOK_FLAGS]
    drop_stale_execution_cache(source)
    try:
        return subprocess.run(
            command, capture_output=True, text=True, cwd=source, timeout=timeout, check=False
        )
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout.decode() if isinstance(expired.stdout, bytes) else expired.stdout
        return subprocess.CompletedProcess(
            command, 124, out or "", f"jupyter-book build took over {timeout} s and was stopped"
        )


# --- the build's one execution of each notebook ---------------------------------------------

CACHE_STAMP = "ogp-inputs.sha256"


def _package_inputs_digest() -> str:
    """A digest of what a notebook's outputs depend on besides its own cells: this package's
    code and the data it reads. jupyter-cache keys on the cells alone."""
    digest = hashlib.sha256()
    package = Path(__file__).resolve().parent
    roots = [package, data_dir()]
    for root in roots:
        for path in sorted(p for p in root.rglob("*") if p.is_file()):
            if "__pycache__" in path.parts:
                continue
            digest.update(str(path.relative_to(root)).encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def execution_cache(source: Path) -> Path:
    return source / "_build" / ".jupyter_cache"


def drop_stale_execution_cache(source: Path) -> None:
    """Forget cached executions made with other package code or data, so a notebook that the
    package change broke is executed (and fails) again instead of being served from cache."""
    cache = execution_cache(source)
    stamp = cache / CACHE_STAMP
    current = _package_inputs_digest()
    if cache.exists() and (not stamp.exists() or stamp.read_text() != current):
        shutil.rmtree(cache)
        # Sphinx would otherwise keep its parsed pages and re-read only changed sources:
        # unchanged notebooks would then never be executed into the fresh cache.
        shutil.rmtree(source / "_build" / ".doctrees", ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)


@dataclass(frozen=True)
class Execution:
    """How the book build's execution of one notebook went."""

    notebook: nbformat.NotebookNode | None  # executed, with outputs; None if it failed
    traceback: str  # why it failed ("" when it did not)


def executed(source: Path, notebook: Path) -> Execution:
    """The notebook as the book build executed it, read from the build's jupyter-cache.

    The cache matches on the notebook's current cells, so an outdated execution never counts.
    """
    from jupyter_cache import get_cache  # a dependency of myst-nb, only needed here

    cache = get_cache(str(execution_cache(source)))
    current = nbformat.read(notebook, as_version=4)
    try:
        record = cache.match_cache_notebook(current)
    except KeyError:
        try:
            failed = cache.get_project_record(str(notebook)).traceback or ""
        except KeyError:
            failed = ""
        return Execution(None, failed or "the book build did not execute this notebook")
    return Execution(cache.get_cache_bundle(record.pk).nb, "")
