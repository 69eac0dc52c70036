"""A faster book build: Sphinx's parallel jobs, and citations resolved without rescans.

- Jupyter Book 1's command line has no ``-j``, but its ``build_sphinx`` takes ``jobs``.
  ``python -m ogp_curriculum.build_speed build ...`` is ``jupyter-book build ...`` with that
  argument set: with more than one job, Sphinx reads documents (and MyST-NB executes
  notebooks) in worker processes. ``OGP_BOOK_JOBS`` sets the count (default: the usable CPUs).
- Sphinx reads serially if any extension does not declare itself parallel-safe;
  sphinx-external-toc always loads sphinx-multitoc-numbering, which declares nothing. Listed
  in ``_config.yml``, this module's :func:`setup` declares it safe (see there why it is).
- jupyter-cache creates its database on first use, which parallel workers would race to do;
  the build creates it first (:func:`create_execution_cache`).
- pybtex looks its plugins up in every installed distribution's entry points on each call,
  and sphinxcontrib-bibtex calls it for every citation: about 500 scans, a third of a
  warm English build. :func:`register_pybtex_plugins` scans once and registers the classes
  with pybtex's own ``register_plugin``, which it checks first.
"""

from __future__ import annotations

import functools
import os
import sys
from typing import Any

JOBS_ENV = "OGP_BOOK_JOBS"
MULTITOC = "sphinx_multitoc_numbering"


def jobs() -> int:
    """Sphinx jobs: ``OGP_BOOK_JOBS`` when it is a positive integer, else the usable CPUs."""
    value = os.environ.get(JOBS_ENV, "").strip()
    if value.isdigit() and int(value) > 0:
        return int(value)
    usable = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
    return max(1, len(usable) if usable else os.cpu_count() or 1)


# pybtex's plugin groups (pybtex.plugin); each is scanned once.
PYBTEX_GROUPS = (
    "pybtex.backends",
    "pybtex.database.input",
    "pybtex.database.output",
    "pybtex.style.formatting",
    "pybtex.style.labels",
    "pybtex.style.names",
    "pybtex.style.sorting",
)


def register_pybtex_plugins() -> int:
    """Register every installed pybtex plugin as a runtime plugin; return how many.

    One scan of the installed distributions for all groups: pybtex's own lookups
    (``enumerate_plugin_names``, ``find_plugin``) scan once per call, 30 scans here.
    The first entry point of a name wins, as in pybtex's own lookup.
    """
    from importlib.metadata import entry_points

    from pybtex import plugin

    installed = entry_points()
    count = 0
    for group in PYBTEX_GROUPS:
        loaded: set[str] = set()
        for entry in installed.select(group=group):
            if entry.name not in loaded:
                plugin.register_plugin(group, entry.name, entry.load(), force=True)
                loaded.add(entry.name)
        count += len(loaded)
    return count


def create_execution_cache(app: Any) -> None:
    """Create the jupyter-cache database before reading: parallel reading workers that each
    find it missing all create its tables, and all but one fail ("table already exists")."""
    config = getattr(app.env, "mystnb_config", None)
    if config is None or config.execution_mode != "cache":
        return
    from jupyter_cache import get_cache

    cache = get_cache(config.execution_cache_path)
    cache.db  # noqa: B018 (the property creates the tables, once)


def setup(app: Any) -> dict[str, bool]:
    """Declare sphinx-multitoc-numbering parallel-safe (it only replaces the toctree
    collector's section numbering, which Sphinx runs in the main process after reading), and
    give the build's kernels Unix sockets, since parallel reading starts several at once."""
    from ogp_curriculum.kernels import book_kernels_use_local_sockets

    book_kernels_use_local_sockets()
    register_pybtex_plugins()
    # After MyST-NB's own builder-inited handler (priority 500), which sets the cache path.
    app.connect("builder-inited", create_execution_cache, priority=900)
    app.setup_extension("sphinx_external_toc")
    extension = app.extensions.get(MULTITOC)
    if extension is not None:
        extension.parallel_read_safe = True
        extension.parallel_write_safe = True
    return {"parallel_read_safe": True, "parallel_write_safe": True}


def main() -> None:
    """``jupyter-book`` with ``jobs()`` Sphinx jobs."""
    import jupyter_book.sphinx
    from jupyter_book.cli.main import main as jupyter_book_main

    # The CLI imports build_sphinx from jupyter_book.sphinx when it builds, so it gets this.
    jupyter_book.sphinx.build_sphinx = functools.partial(
        jupyter_book.sphinx.build_sphinx, jobs=jobs()
    )
    sys.argv[0] = "jupyter-book"
    jupyter_book_main()


if __name__ == "__main__":
    main()
