"""Learner links: nbgitpuller for a JupyterHub, Binder beside it.

nbgitpuller (https://nbgitpuller.readthedocs.io/en/latest/link.html) clones or updates the
repository in the learner's hub home and opens a page; its link is
``<hub>/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=...``. Binder builds the
repository from ``requirements.txt`` and opens the same page. Both default to the one
repository setting in ``_config.yml`` so a fork changes one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlencode

from ogp_curriculum.book_config import read_book_yaml
from ogp_curriculum.cohorts.definition import Cohort
from ogp_curriculum.errors import InputError
from ogp_curriculum.outputs import md_inline, one_line, safe_url

# A git branch name as links and the theme's buttons can carry it.
_BRANCH = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._/-]{0,99}$")

GITHUB = "https://github.com/"


@dataclass(frozen=True)
class Access:
    repository_url: str
    branch: str
    jupyterhub_url: str
    binderhub_url: str

    @property
    def on_github(self) -> bool:
        return self.repository_url.startswith(GITHUB)

    @property
    def owner_repo(self) -> str:
        return self.repository_url.rstrip("/").removeprefix(GITHUB)

    @property
    def folder(self) -> str:
        # nbgitpuller clones into a folder named after the repository's last path segment.
        return self.repository_url.rstrip("/").split("/")[-1]


@dataclass(frozen=True)
class LearnerLink:
    entry: str
    title: str
    jupyterhub: str
    binder: str


def access_for(cohort: Cohort, book_root: Path) -> Access:
    """The cohort's hub and Binder settings, defaulting to the book's ``_config.yml``.

    Every address must be http(s) and the branch a plain name: they become links in the
    book, the handout and ``links.md``. A bad one is an ``InputError`` naming its file and field.
    """
    book_config = book_root / "_config.yml"
    config = read_book_yaml(book_config)
    defaults = {
        "repository_url": ("repository.url", (config.get("repository") or {}).get("url", "")),
        "branch": ("repository.branch", (config.get("repository") or {}).get("branch", "main")),
        "jupyterhub_url": (
            "launch_buttons.jupyterhub_url",
            (config.get("launch_buttons") or {}).get("jupyterhub_url", ""),
        ),
        "binderhub_url": (
            "launch_buttons.binderhub_url",
            (config.get("launch_buttons") or {}).get("binderhub_url", "https://mybinder.org"),
        ),
    }
    values: dict[str, str] = {}
    for key, (book_field, default) in defaults.items():
        if key in cohort.learner_access:
            where, field, value = cohort.path, f"learner_access.{key}", cohort.learner_access[key]
        else:
            where, field, value = book_config, book_field, default
        text = str(value or "").strip()
        if key == "branch":
            if not _BRANCH.match(text) or ".." in text:
                raise InputError("not a branch name (letters, digits, . _ / -)", path=where,
                                 field=field, value=one_line(text, 80))
        elif text or key != "jupyterhub_url":
            text = safe_url(text, path=where, field=field,
                            allow_file=key == "repository_url").rstrip("/")
        values[key] = text
    return Access(**values)


def nbgitpuller_link(access: Access, notebook: str) -> str:
    """A link that pulls the repository into the hub and opens ``notebook`` in JupyterLab."""
    query = urlencode(
        {
            "repo": access.repository_url,
            "branch": access.branch,
            "urlpath": f"lab/tree/{access.folder}/{notebook}",
        },
        quote_via=quote,
        safe="/",
    )
    return f"{access.jupyterhub_url}/hub/user-redirect/git-pull?{query}"


def binder_link(access: Access, notebook: str) -> str:
    """A mybinder.org (or other BinderHub) link that opens ``notebook`` in JupyterLab.

    Binder builds GitHub repositories only: a hub's own ``file://`` repository has none.
    """
    if not access.on_github:
        return ""
    query = urlencode({"urlpath": f"lab/tree/{notebook}"}, quote_via=quote, safe="/")
    return (
        f"{access.binderhub_url}/v2/gh/{access.owner_repo}/{quote(access.branch, safe='')}?{query}"
    )


def notebook_for(cohort: Cohort, entry: str) -> str:
    """The repository path learners open: the generated copy in a French or Spanish cohort."""
    from ogp_curriculum.i18n.notebooks import TRANSLATIONS_DIR

    code = cohort.book_language
    return f"{entry}.ipynb" if code == "en" else f"{TRANSLATIONS_DIR}/{code}/{entry}.ipynb"


def learner_links(cohort: Cohort, book_root: Path, titles: dict[str, str]) -> list[LearnerLink]:
    """One pair of links per selected page, in book order."""
    access = access_for(cohort, book_root)
    return [
        LearnerLink(
            entry=entry,
            title=titles.get(entry, entry),
            jupyterhub=(
                nbgitpuller_link(access, notebook_for(cohort, entry))
                if access.jupyterhub_url
                else ""
            ),
            binder=binder_link(access, notebook_for(cohort, entry)),
        )
        for entry in cohort.pages
    ]


def links_markdown(cohort: Cohort, links: list[LearnerLink]) -> str:
    """The links as a Markdown table a trainer can paste into an e-mail or a page."""
    lines = [
        f"# Learner links: {md_inline(cohort.title, 500)}",
        "",
        "Use the JupyterHub link if your cohort has a hub (work is kept between sessions);",
        "Binder needs no account but forgets your work when the session ends.",
        "",
        "| Page | JupyterHub (nbgitpuller) | Binder |",
        "|---|---|---|",
    ]
    for link in links:
        hub = (
            f"<{link.jupyterhub}>"
            if link.jupyterhub
            else "(no hub: set learner_access.jupyterhub_url)"
        )
        title = md_inline(link.title, 500)
        binder = f"<{link.binder}>" if link.binder else "(no Binder: not a GitHub repository)"
        lines.append(f"| {title} | {hub} | {binder} |")
    return "\n".join(lines) + "\n"
