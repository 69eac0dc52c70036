"""The book reads each notebook's citations and glued figures as the roles they were written as.

A Sphinx extension. The committed notebooks carry citations in the live form,
``[(Arias et al. 2016)](#cite:key)``, and glued figures as ``[figure from the data](#glue:key)``
(see :mod:`ogp_curriculum.citations`). On ``source-read``, before MyST-NB parses a notebook,
this turns every live link in its Markdown cells back into the exact ``{cite}`` or
``{glue:text}`` role, so that sphinxcontrib-bibtex resolves it, MyST-NB pastes the glued figure,
the strict build checks both, and Sphinx's gettext extracts (and translates) the same message
ids as before.
"""

from __future__ import annotations

import json
from typing import Any

from ogp_curriculum.citations import rewrite_markdown, to_roles


def notebook_with_roles(source: str) -> str | None:
    """The notebook JSON with live links as roles; None when it has none (left as is)."""
    if "](#cite:" not in source and "](#glue:" not in source:
        return None
    nb = json.loads(source)
    if not rewrite_markdown(nb, to_roles):
        return None
    return json.dumps(nb, indent=1, ensure_ascii=False)


def source_read(app: Any, docname: str, source: list[str]) -> None:
    if not str(app.env.doc2path(docname)).endswith(".ipynb"):
        return
    rewritten = notebook_with_roles(source[0])
    if rewritten is not None:
        source[0] = rewritten


def setup(app: Any) -> dict[str, Any]:
    app.connect("source-read", source_read)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
