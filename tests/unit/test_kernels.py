"""Kernels started by the package and by live/voila.py talk over Unix sockets, so parallel
starts cannot collide."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest
from traitlets.config import Config

from ogp_curriculum.kernels import LocalSocketKernelManager, voila_kernels_on_local_sockets


async def _run_and_stop() -> tuple[dict[str, object], Path, list[str]]:
    km = LocalSocketKernelManager(kernel_name="python3")
    await km.start_kernel()
    folder = Path(km.connection_file).parent
    info = json.loads(Path(km.connection_file).read_text(encoding="utf-8"))
    client = km.client()
    client.start_channels()
    try:
        await client.wait_for_ready(timeout=60)
        reply = await client.execute_interactive("x = 6 * 7", timeout=60)
    finally:
        client.stop_channels()
        await km.shutdown_kernel(now=True)
    return info, folder, [reply["content"]["status"]]


@pytest.mark.notebooks
def test_kernel_runs_over_private_sockets_and_cleans_up() -> None:
    info, folder, statuses = asyncio.run(_run_and_stop())
    assert info["transport"] == "ipc"
    assert str(info["ip"]).startswith(str(folder))
    # The socket paths fit the Unix limit with room to spare.
    assert len(f"{info['ip']}-{info['shell_port']}") < 100
    assert statuses == ["ok"]
    assert not folder.exists(), "the private socket folder outlived the kernel"


@pytest.mark.notebooks
def test_the_book_builds_executions_use_private_sockets(tmp_path: Path) -> None:
    """What MyST-NB runs through jupyter-cache gets the socket kernel once the build's
    extension has set it up (the default kernel manager would use TCP)."""
    import nbformat
    from jupyter_cache.executors.utils import single_nb_execution

    from ogp_curriculum.kernels import book_kernels_use_local_sockets

    notebook = nbformat.v4.new_notebook()
    notebook.cells.append(nbformat.v4.new_code_cell(
        "from ipykernel.kernelapp import IPKernelApp\nprint(IPKernelApp.instance().transport)"
    ))
    book_kernels_use_local_sockets()
    result = single_nb_execution(notebook, cwd=str(tmp_path), timeout=120, allow_errors=False)
    assert result.err is None, result.err
    assert notebook.cells[0].outputs[0]["text"].strip() == "ipc"


@pytest.mark.parametrize(
    ("tmpdir", "root"),
    [("/scratch/tmp", "/scratch/tmp"),
     ("/var/folders/_c/j1lv1qb95sb9gz711lnwkhdd9k46gc/T", "/tmp")],
)
def test_voila_kernel_sockets_fit_the_unix_limit(
    monkeypatch: pytest.MonkeyPatch, tmpdir: str, root: str
) -> None:
    """live/voila.py's kernels use Unix sockets whose longest path fits, even under macOS's
    long temporary folder (tests/browser/test_voila_live.py checks a running Voila)."""
    import tempfile

    monkeypatch.setattr(tempfile, "gettempdir", lambda: tmpdir)
    config = Config()
    voila_kernels_on_local_sockets(config)
    assert config.KernelManager.transport == "ipc"
    assert config.Voila.connection_dir_root == root
    longest = f"{root}/voila_abcd1234/kernel-{'f' * 36}-ipc-65535"
    assert len(longest) < 104
