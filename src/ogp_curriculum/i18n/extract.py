"""A Babel extractor for notebooks: the messages in their code cells (``babel.cfg``).

Notebooks print a few sentences of their own (``gettext("...")``); they join the package's
catalogue so a French page prints French. Markdown cells are Sphinx's (``locales/``), not ours.
"""

from __future__ import annotations

import io
import json
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any

from babel.messages.extract import extract_python


def extract_notebook(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any],
    comment_tags: Collection[str],
    options: dict[str, Any],
) -> Iterator[Any]:
    """Messages of every code cell; line numbers count through the cells in order."""
    cells = json.loads(fileobj.read().decode("utf-8")).get("cells", [])
    code = "\n".join(
        "".join(cell.get("source", "")) if isinstance(cell.get("source"), list)
        else str(cell.get("source", ""))
        for cell in cells if cell.get("cell_type") == "code"
    )
    # IPython syntax (!shell, %magic) is not Python: blank those lines, keep the numbering.
    lines = ["" if line.lstrip().startswith(("!", "%")) else line for line in code.split("\n")]
    source = io.BytesIO("\n".join(lines).encode("utf-8"))
    settings: Any = {**options, "encoding": "utf-8"}
    yield from extract_python(source, keywords, comment_tags, settings)
