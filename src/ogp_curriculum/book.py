"""The book's structure (from ``_toc.yml``) and its strict build, for tests and tools."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from ogp_curriculum.book_config import derived_config, read_book_yaml
from ogp_curriculum.errors import InputError
from ogp_curriculum.i18n import LANG_ENV, LANGUAGES, SOURCE_LANGUAGE, check_language
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
    toc = read_book_yaml(root / "_toc.yml")
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
def build_book(
    source: Path, *, language: str = SOURCE_LANGUAGE, timeout: int = 1800
) -> subprocess.CompletedProcess[str]:
    """Run Jupyter Book 1 on ``source`` in ``language`` with the project's strict flags.

    English builds into ``_build/html`` as always; French and Spanish build from the same
    source and catalogues (``locales/``) with a generated config in ``_build/lang/<lang>/``,
    with their own jupyter-cache and doctrees there, and are copied to ``_build/html/<lang>/``
    so one folder is the whole site. Kernels inherit ``OGP_LANG``, so code-made text (widgets,
    charts) comes out in the page's language.

    A build that takes over ``timeout`` seconds is stopped and reported as failed (exit 124,
    the reason in ``stderr``), like any other failed build.
    """
    language = check_language(language)
    # jupyter-book with Sphinx jobs (ogp_curriculum.build_speed): notebooks execute on
    # every core. OGP_BOOK_JOBS=1 gives the plain serial build.
    command = [sys.executable, "-m", "ogp_curriculum.build_speed", "build", str(source),
               *BOOK_FLAGS]
    if language != SOURCE_LANGUAGE:
        build_dir = language_build_dir(source, language)
        command += ["--config", str(language_config(source, language))]
        command += ["--path-output", str(build_dir)]
    drop_stale_execution_cache(source, language)
    env = {**os.environ, LANG_ENV: language}
    try:
        result = subprocess.run(
            command, capture_output=True, text=True, cwd=source, timeout=timeout,
            check=False, env=env,
        )
    except subprocess.TimeoutExpired as expired:
        out = expired.stdout.decode() if isinstance(expired.stdout, bytes) else expired.stdout
        return subprocess.CompletedProcess(
            command, 124, out or "", f"jupyter-book build took over {timeout} s and was stopped"
        )
    if result.returncode == 0 and language != SOURCE_LANGUAGE:
        built = language_build_dir(source, language) / "_build" / "html"
        _publish(built, site_dir(source, language))
    return result


def build_all(source: Path, *, timeout: int = 1800) -> list[subprocess.CompletedProcess[str]]:
    """English, then every translation (``make book``); stops at the first failed build."""
    results = []
    for language in LANGUAGES:
        results.append(build_book(source, language=language, timeout=timeout))
        if results[-1].returncode != 0:
            break
    return results


def language_build_dir(source: Path, language: str) -> Path:
    """Where a translation's build keeps its config, doctrees, cache and HTML."""
    if language == SOURCE_LANGUAGE:
        return source
    return source / "_build" / "lang" / language


def site_dir(source: Path, language: str = SOURCE_LANGUAGE) -> Path:
    """The published HTML of one language: the English site, or its ``<lang>/`` folder."""
    html = source / "_build" / "html"
    return html if language == SOURCE_LANGUAGE else html / language


def language_config(source: Path, language: str) -> Path:
    """Write ``_config.yml`` with the Sphinx ``language`` set (JB1 has no ``-D``); return it."""
    target = language_build_dir(source, language) / "_config.yml"
    return derived_config(source, target, {"sphinx": {"config": {"language": language}}})


def _publish(built: Path, target: Path) -> None:
    """Replace ``target`` by a copy of ``built`` (staged beside it, then renamed in)."""
    staging = target.with_name(f".{target.name}.staging")
    shutil.rmtree(staging, ignore_errors=True)
    shutil.copytree(built, staging)
    shutil.rmtree(target, ignore_errors=True)
    staging.rename(target)


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


def execution_cache(source: Path, language: str = SOURCE_LANGUAGE) -> Path:
    """One jupyter-cache per language: the cache keys on cells, not on ``OGP_LANG``."""
    return language_build_dir(source, language) / "_build" / ".jupyter_cache"


def drop_stale_execution_cache(source: Path, language: str = SOURCE_LANGUAGE) -> None:
    """Forget cached executions made with other package code or data, so a notebook that the
    package change broke is executed (and fails) again instead of being served from cache."""
    cache = execution_cache(source, language)
    stamp = cache / CACHE_STAMP
    current = _package_inputs_digest()
    if cache.exists() and (not stamp.exists() or stamp.read_text() != current):
        shutil.rmtree(cache)
        # Sphinx would otherwise keep its parsed pages and re-read only changed sources:
        # unchanged notebooks would then never be executed into the fresh cache.
        shutil.rmtree(cache.parent / ".doctrees", ignore_errors=True)
    cache.mkdir(parents=True, exist_ok=True)
    stamp.write_text(current)


@dataclass(frozen=True)
class Execution:
    """How the book build's execution of one notebook went."""

    notebook: nbformat.NotebookNode | None  # executed, with outputs; None if it failed
    traceback: str  # why it failed ("" when it did not)


def executed(source: Path, notebook: Path, language: str = SOURCE_LANGUAGE) -> Execution:
    """The notebook as the book build executed it, read from the build's jupyter-cache.

    The cache matches on the notebook's current cells, so an outdated execution never counts.
    """
    from jupyter_cache import get_cache  # a dependency of myst-nb, only needed here

    cache = get_cache(str(execution_cache(source, language)))
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


def main(argv: list[str] | None = None) -> int:
    """``python -m ogp_curriculum.book [LANG...]``: the strict builds `make book` runs."""
    import argparse

    parser = argparse.ArgumentParser(prog="python -m ogp_curriculum.book",
                                     description="Build the book strictly, one site per language.")
    parser.add_argument("languages", nargs="*", default=list(LANGUAGES),
                        help=f"languages to build (default: {' '.join(LANGUAGES)})")
    args = parser.parse_args(argv)
    source = repo_root()
    for code in args.languages:
        try:
            language = check_language(code, where="language argument")
        except ValueError as error:
            print(f"error: {error}", file=sys.stderr)
            return 2
        try:
            result = build_book(source, language=language)
        except InputError as error:  # a broken _config.yml: one line naming the file
            print(f"error: {error}", file=sys.stderr)
            return 2
        if result.returncode != 0:
            print(result.stdout[-20000:] + result.stderr[-20000:], file=sys.stderr)
            print(f"error: the {language} build failed (exit {result.returncode})", file=sys.stderr)
            return 1
        print(f"{language}: {site_dir(source, language) / 'index.html'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
