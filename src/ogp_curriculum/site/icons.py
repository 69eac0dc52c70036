"""A small replacement for the theme's 1.5 MB Font Awesome script, made at build time.

pydata-sphinx-theme loads every Font Awesome icon (about 540 kB compressed) to draw some twenty
on a page. After the build we read the icons the pages actually name out of the theme's own
script and write a small one with just those, under the same URL. Nothing is committed.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from pathlib import Path

# `d("fas", p)` registers the pack of icons defined just before it under a prefix.
_PACK_CALL = re.compile(r'\bd\("(fa[srb])",\s*\w+\)')
# An icon: name:[width,height,[aliases],"unicode","svg path"] (name quoted or bare).
_ICON = re.compile(r'"?([a-z0-9-]+)"?:\[(\d+),(\d+),\[[^\]]*\],"[0-9a-f]*","([^"]+)"\]')
# `<i class="fa-solid fa-bars ...">` (the theme also uses <span>): pack and icon classes.
_CLASS_ATTR = re.compile(r'<(?:i|span)\b[^>]*\bclass="([^"]*\bfa-[^"]*)"')
_PACK_CLASS = {"fa-solid": "fas", "fas": "fas", "fa-regular": "far", "far": "far",
               "fa-brands": "fab", "fab": "fab"}
# Font Awesome's own modifier classes, not icons.
_MODIFIERS = {"fa-lg", "fa-sm", "fa-xs", "fa-fw", "fa-2x", "fa-3x", "fa-spin", "fa-pulse"}

RUNTIME = Path(__file__).parent / "static" / "ogp-icons.js"


def packs(script: str) -> dict[str, dict[str, tuple[int, int, str]]]:
    """Every icon of the theme's script, by pack prefix ("fas", "far", "fab") and name."""
    found: dict[str, dict[str, tuple[int, int, str]]] = {}
    start = 0
    for call in _PACK_CALL.finditer(script):
        segment = script[start : call.start()]
        icons = found.setdefault(call[1], {})
        for icon in _ICON.finditer(segment):
            icons.setdefault(icon[1], (int(icon[2]), int(icon[3]), icon[4]))
        start = call.end()
    return found


def wanted(pages: Iterable[str]) -> set[tuple[str, str]]:
    """The (pack, icon name) pairs named by ``<i class="fa-...">`` elements in the pages."""
    names: set[tuple[str, str]] = set()
    for page in pages:
        for classes in _CLASS_ATTR.findall(page):
            tokens = classes.split()
            pack = next((_PACK_CLASS[t] for t in tokens if t in _PACK_CLASS), "fas")
            for token in tokens:
                if token.startswith("fa-") and token not in _PACK_CLASS and token not in _MODIFIERS:
                    names.add((pack, token[3:]))
    return names


def subset_script(theme_script: str, pages: Iterable[str]) -> tuple[str, list[str]]:
    """The replacement script and the names it could not find (drawn as nothing)."""
    available = packs(theme_script)
    table: dict[str, list[object]] = {}
    missing: list[str] = []
    for pack, name in sorted(wanted(pages)):
        icon = available.get(pack, {}).get(name)
        if icon is None:
            missing.append(f"{pack}:{name}")
            continue
        table[f"{pack}:{name}"] = list(icon)
    data = json.dumps(table, separators=(",", ":"))
    return RUNTIME.read_text(encoding="utf-8").replace("/*ICONS*/{}", data), missing
