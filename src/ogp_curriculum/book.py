"""The book's structure (from ``_toc.yml``) and its strict build, for tests and tools."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from ogp_curriculum.paths import repo_root

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


def build_book(source: Path, *, timeout: int = 1800) -> subprocess.CompletedProcess[str]:
    """Run Jupyter Book 1 on ``source`` with the project's strict flags."""
    jupyter_book = Path(sys.executable).parent / "jupyter-book"
    return subprocess.run(
        [str(jupyter_book), "build", str(source), *BOOK_FLAGS],
        capture_output=True,
        text=True,
        cwd=source,
        timeout=timeout,
    )
