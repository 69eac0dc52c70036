"""The book's own YAML (``_config.yml``, ``_toc.yml``): read through the input layer, and
the derived ``_config.yml`` files the builds need (JB1 takes settings only from a file).

A broken ``_config.yml`` is one ``DefinitionError`` naming the file and line, never a
traceback from deep inside a build.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from ogp_curriculum import inputs
from ogp_curriculum.outputs import yaml_text


def read_book_yaml(path: Path) -> dict[str, Any]:
    """``_config.yml`` or ``_toc.yml`` as a mapping (an empty file is an empty mapping)."""
    return inputs.load_mapping(path, what=path.name)


def _merge(base: dict[str, Any], changes: Mapping[str, Any]) -> None:
    for key, value in changes.items():
        if isinstance(value, Mapping):
            if not isinstance(base.get(key), dict):
                base[key] = {}
            _merge(base[key], value)
        else:
            base[key] = value


def derived_config(source: Path, target: Path, changes: Mapping[str, Any]) -> Path:
    """Write ``target``: ``source/_config.yml`` with ``changes`` merged in (nested mappings
    merge, other values replace). Return ``target``."""
    config = read_book_yaml(source / "_config.yml")
    _merge(config, changes)
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(
        "# Generated from _config.yml by ogp_curriculum.book_config: do not edit.\n"
        + yaml_text(config),
        encoding="utf-8",
    )
    return target
