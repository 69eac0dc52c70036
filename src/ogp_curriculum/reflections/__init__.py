"""Small-group reflections: the schema, safe storage, the form and the plenary synthesis.

Layers, from the bottom:

* :mod:`.schema` checks a group's file and the trainer's option lists (JSON Schema);
* :mod:`.storage` saves one JSON file per group atomically and keeps every version;
* :mod:`.form` is the pure state machine behind the reflection form;
* :mod:`.synthesis` reads a folder of files, reports what it skipped, and summarises;
* :mod:`.export` writes the Markdown, HTML and CSV reports (learner text always escaped);
* :mod:`.view` is the thin ipywidgets layer (the only module that imports ipywidgets).
"""

from ogp_curriculum.reflections.schema import (
    KIND,
    SCHEMA_VERSION,
    Options,
    empty_reflection,
    load_options,
    validate_reflection,
)

__all__ = [
    "KIND",
    "SCHEMA_VERSION",
    "Options",
    "empty_reflection",
    "load_options",
    "validate_reflection",
]
