"""Kernels started by the package talk over Unix sockets, so parallel starts cannot collide."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import pytest

from ogp_curriculum.kernels import LocalSocketKernelManager

pytestmark = pytest.mark.notebooks


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


def test_kernel_runs_over_private_sockets_and_cleans_up() -> None:
    info, folder, statuses = asyncio.run(_run_and_stop())
    assert info["transport"] == "ipc"
    assert str(info["ip"]).startswith(str(folder))
    # The socket paths fit the Unix limit with room to spare.
    assert len(f"{info['ip']}-{info['shell_port']}") < 100
    assert statuses == ["ok"]
    assert not folder.exists(), "the private socket folder outlived the kernel"
