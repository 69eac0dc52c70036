"""Shared logic for the *Learning to Open Government* book.

Notebooks stay thin: they tell the story and call what lives here, where it is tested.
"""

from ogp_curriculum.deferred_imports import defer_rfc3987_syntax
from ogp_curriculum.paths import data_dir, repo_root

# Before anything imports jsonschema: a second of CPU per process (deferred_imports).
defer_rfc3987_syntax()

__all__ = ["data_dir", "repo_root", "__version__"]
__version__ = "0.1.0"
