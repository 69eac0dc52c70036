"""The table of contents' captions in the page's language (a Sphinx extension).

sphinx-external-toc adds the book's toctrees, with their captions ("Modules", "Reference"),
after Sphinx's translation transform has run, so the captions stayed English in the French and
Spanish sidebars although the catalogues translate them. This translates them from the same
catalogue right after they are inserted.
"""

from __future__ import annotations

import os
from typing import Any

from sphinx import addnodes
from sphinx.locale import init as init_locale
from sphinx.transforms import SphinxTransform
from sphinx.util.i18n import docname_to_domain


class TranslateTocCaptions(SphinxTransform):
    """Runs after sphinx_external_toc's InsertToctrees (priority 100)."""

    default_priority = 101

    def apply(self, **kwargs: Any) -> None:
        language = self.config.language
        if not language or language == "en":
            return
        domain = docname_to_domain(self.env.docname, self.config.gettext_compact)
        folders = [os.path.join(self.env.srcdir, d) for d in self.config.locale_dirs]
        catalogue, found = init_locale(folders, language, domain)
        if not found:
            return
        for toctree in self.document.findall(addnodes.toctree):
            caption = toctree.get("caption")
            if caption:
                translated = catalogue.gettext(caption)
                toctree["caption"] = translated
                toctree["rawcaption"] = translated


def setup(app: Any) -> dict[str, Any]:
    app.add_transform(TranslateTocCaptions)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
