"""Shared logic for the *Learning to Open Government* book.

Notebooks stay thin: they tell the story and call what lives here, where it is tested.
"""

import sys


def _import_jsonschema_without_iri_grammar() -> None:
    """Import jsonschema without the "iri" format checkers, which no schema here uses.

    jsonschema registers them when ``rfc3987_syntax`` imports, and that import builds a Lark
    grammar: about 1 s of CPU in every kernel, command and worker that reads a definition
    (0.1 s without). A process that imported either module already is left as it is.
    """
    if "jsonschema" in sys.modules or "rfc3987_syntax" in sys.modules:
        return
    sys.modules["rfc3987_syntax"] = None  # type: ignore[assignment]  # import fails: skipped
    try:
        import jsonschema  # noqa: F401
    finally:
        del sys.modules["rfc3987_syntax"]


_import_jsonschema_without_iri_grammar()

from ogp_curriculum.paths import data_dir, repo_root  # noqa: E402

__all__ = ["data_dir", "repo_root", "__version__"]
__version__ = "0.1.0"
