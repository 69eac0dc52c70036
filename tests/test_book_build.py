"""The real book builds strictly, and every page in the table of contents is in the site."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml

from ogp_curriculum.book import toc_files, toc_notebooks
from ogp_curriculum.paths import repo_root

ROOT = repo_root()


def notebook_id(path: Path) -> str:
    return str(path.relative_to(repo_root()))


pytestmark = pytest.mark.book


def test_every_toc_page_is_built(built_book: Path) -> None:
    missing = [stem for stem in toc_files() if not (built_book / f"{stem}.html").exists()]
    assert not missing, f"pages in _toc.yml missing from the site: {missing}"


def test_no_execution_error_reports(built_book: Path) -> None:
    reports = built_book / "reports"
    logs = sorted(reports.glob("**/*.log")) if reports.exists() else []
    assert not logs, f"notebook execution left error reports: {[p.name for p in logs]}"


@pytest.mark.parametrize("notebook", toc_notebooks(), ids=notebook_id)
def test_notebook_page_has_binder_and_hub_buttons(built_book: Path, notebook: Path) -> None:
    """Both launch buttons derive from the one repository setting in _config.yml."""
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    owner_repo = urlparse(config["repository"]["url"]).path.strip("/")
    branch = config["repository"]["branch"]
    page_path = notebook.relative_to(ROOT).with_suffix(".html")
    page = (built_book / page_path).read_text(encoding="utf-8")
    binder = config["launch_buttons"]["binderhub_url"].rstrip("/")
    assert f"{binder}/v2/gh/{owner_repo}/{branch}?urlpath=lab/tree/" in page
    hub = (config["launch_buttons"].get("jupyterhub_url") or "").rstrip("/")
    if hub:
        assert f"{hub}/hub/user-redirect/git-pull?repo=" in page
        assert owner_repo.split("/")[-1] in page
    else:  # no hub configured: no hub link that could only fail
        assert "/hub/user-redirect/git-pull" not in page
