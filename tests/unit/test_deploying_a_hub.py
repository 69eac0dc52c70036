"""trainers/deploying_a_hub.md keeps every setting a 30-300 learner cohort needs.

The page's YAML blocks are parsed (so they are valid YAML) and the Helm values are checked
for each promise the page makes.
"""

from __future__ import annotations

import re
import tomllib
from typing import Any

import pytest
import yaml

from ogp_curriculum.paths import repo_root

GUIDE = repo_root() / "trainers" / "deploying_a_hub.md"


def _blocks(language: str) -> list[str]:
    text = GUIDE.read_text(encoding="utf-8")
    return re.findall(rf"```{language}\n(.*?)```", text, flags=re.DOTALL)


@pytest.fixture(scope="module")
def values() -> dict[str, Any]:
    """The Helm chart values: the YAML block with a ``singleuser`` section."""
    found = [yaml.safe_load(b) for b in _blocks("yaml")]
    charts = [v for v in found if isinstance(v, dict) and "singleuser" in v]
    assert len(charts) == 1, "the page has one config.yaml for the chart"
    return charts[0]


def _get(values: dict[str, Any], path: str) -> Any:
    node: Any = values
    for key in path.split("."):
        assert isinstance(node, dict) and key in node, f"config.yaml lacks {path}"
        node = node[key]
    return node


def test_the_image_is_built_from_requirements_with_repo2docker(values: dict[str, Any]) -> None:
    build = "\n".join(_blocks("bash"))
    assert "jupyter-repo2docker" in build
    image = f"{_get(values, 'singleuser.image.name')}:{_get(values, 'singleuser.image.tag')}"
    assert image in build.replace("\\\n", " ").replace("  ", " "), "push the image you build"
    # requirements.txt (what repo2docker installs) is `-e .[book]`: the book extra must carry it.
    assert "-e .[book]" in (repo_root() / "requirements.txt").read_text(encoding="utf-8")
    pyproject = tomllib.loads((repo_root() / "pyproject.toml").read_text(encoding="utf-8"))
    book = pyproject["project"]["optional-dependencies"]["book"]
    assert any(req.startswith("nbgitpuller") for req in book)


def test_a_shared_read_write_many_volume_is_mounted(values: dict[str, Any]) -> None:
    claims = [
        v
        for v in map(yaml.safe_load, _blocks("yaml"))
        if isinstance(v, dict) and v.get("kind") == "PersistentVolumeClaim"
    ]
    assert len(claims) == 1
    claim = claims[0]
    assert claim["spec"]["accessModes"] == ["ReadWriteMany"]
    volumes = _get(values, "singleuser.storage.extraVolumes")
    mounted = {
        v["name"]
        for v in volumes
        if v["persistentVolumeClaim"]["claimName"] == claim["metadata"]["name"]
    }
    mounts = _get(values, "singleuser.storage.extraVolumeMounts")
    assert mounted and {m["name"] for m in mounts} & mounted


def test_a_workshop_login(values: dict[str, Any]) -> None:
    assert _get(values, "hub.config.JupyterHub.authenticator_class") == "dummy"
    assert _get(values, "hub.config.DummyAuthenticator.password")
    # JupyterHub 5 admits nobody unless told who may log in.
    assert _get(values, "hub.config.Authenticator.allow_all") is True


def test_idle_servers_are_culled(values: dict[str, Any]) -> None:
    assert _get(values, "cull.enabled") is True
    assert 0 < _get(values, "cull.timeout") <= 4 * 3600
    assert 0 < _get(values, "cull.every") <= _get(values, "cull.timeout")


def test_a_fast_start_at_nine(values: dict[str, Any]) -> None:
    assert _get(values, "prePuller.hook.enabled") is True
    assert _get(values, "prePuller.continuous.enabled") is True
    assert _get(values, "scheduling.podPriority.enabled") is True
    assert _get(values, "scheduling.userPlaceholder.enabled") is True
    assert _get(values, "scheduling.userPlaceholder.replicas") >= 10


def test_limits_fit_the_binder_comparison(values: dict[str, Any]) -> None:
    # The page compares with Binder's 1-2 GB: a learner gets at least as much here.
    assert _get(values, "singleuser.memory.guarantee") == "1G"
    assert _get(values, "singleuser.memory.limit") == "2G"


def test_the_guide_is_in_the_book() -> None:
    toc = yaml.safe_load((repo_root() / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part["chapters"]]
    assert "trainers/deploying_a_hub" in files
