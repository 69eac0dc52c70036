"""Third-party imports that cost seconds at start-up, deferred until first use.

jsonschema (imported by the package, altair, nbformat and Jupyter Book) imports
``rfc3987_syntax`` when it is installed (``jsonschema[format-nongpl]``, which Jupyter pulls
in), and that module compiles about 35 Earley parsers at import: about a second of CPU in
every process, every notebook kernel included, to check the ``iri`` formats none of our
schemas use (python-jsonschema/jsonschema#1428). ``ogp_curriculum`` is imported first by
every notebook, by the book build (``ogp_curriculum.build_speed``) and by the command line,
so it puts a stand-in in its place: the real module is imported, unchanged, the first time
anything uses it.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
import types
from typing import Any

RFC3987_SYNTAX = "rfc3987_syntax"
_SWAP = threading.Lock()


class _Deferred(types.ModuleType):
    """Stands in for a module until one of its attributes is read."""

    def __getattr__(self, name: str) -> Any:
        # The import system asks for ``__path__`` and the like: no reason to load it yet.
        if name.startswith("__"):
            raise AttributeError(name)
        return getattr(_real(self.__name__), name)


def _real(name: str) -> types.ModuleType:
    """The real module, imported the first time (the stand-in leaves ``sys.modules``)."""
    with _SWAP:  # two threads' first uses: one swap, one import
        if isinstance(sys.modules.get(name), _Deferred):
            del sys.modules[name]
        return importlib.import_module(name)


def _is_valid_syntax(term: str, value: str) -> bool:
    """What jsonschema imports by name (``from rfc3987_syntax import is_valid_syntax``)."""
    return bool(_real(RFC3987_SYNTAX).is_valid_syntax(term, value))


def defer_rfc3987_syntax() -> bool:
    """Put the stand-in in place unless the module is loaded or absent; True if it was."""
    spec = None if RFC3987_SYNTAX in sys.modules else importlib.util.find_spec(RFC3987_SYNTAX)
    if spec is None:
        return False
    stand_in = _Deferred(RFC3987_SYNTAX)
    # Its submodules still import directly (``import rfc3987_syntax.utils``).
    if spec.submodule_search_locations is not None:
        stand_in.__path__ = list(spec.submodule_search_locations)
    setattr(stand_in, "is_valid_syntax", _is_valid_syntax)  # noqa: B010 (mypy: no such attribute)
    sys.modules[RFC3987_SYNTAX] = stand_in
    return True
