"""Kernels that cannot lose a start-up race.

jupyter_client picks TCP ports by binding port 0 and letting go before the kernel binds them
again. When several processes start kernels at once (two notebook workers, a test run beside a
book build), another process can take a port in that gap, and the kernel dies at start with
"Kernel died before replying to kernel_info". Unix sockets in a folder of our own cannot be taken.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from typing import Any

from jupyter_client.manager import AsyncKernelManager
from traitlets import default


class LocalSocketKernelManager(AsyncKernelManager):
    """A local kernel reached over Unix sockets in a private temporary folder."""

    @default("transport")
    def _default_transport(self) -> str:
        return "ipc"

    @default("connection_file")
    def _default_connection_file(self) -> str:
        # Short path on purpose: a Unix socket path must stay under about 100 bytes.
        return os.path.join(tempfile.mkdtemp(prefix="ogpk-"), "kernel.json")

    async def _async_cleanup_resources(self, restart: bool = False) -> None:
        folder = os.path.dirname(self.connection_file)
        await super()._async_cleanup_resources(restart=restart)
        if not restart and os.path.basename(folder).startswith("ogpk-"):
            shutil.rmtree(folder, ignore_errors=True)


def kernel_options() -> dict[str, Any]:
    """Keyword arguments for ``papermill.execute_notebook`` and ``nbclient.NotebookClient``."""
    return {"kernel_manager_class": LocalSocketKernelManager}


def book_kernels_use_local_sockets() -> None:
    """Make the book build's notebook executions use :class:`LocalSocketKernelManager`.

    MyST-NB executes through jupyter-cache, which calls ``nbclient.execute`` with no way to pass
    a kernel manager; with parallel reading several kernels start at once, so the race above
    becomes likely. jupyter-cache looks ``executenb`` up in its module at each call, so the
    Sphinx process (and the reading workers it forks) gets this one.
    """
    import jupyter_cache.executors.utils as cache_execution
    import nbclient

    def execute(nb: Any, cwd: str | None = None, km: Any = None, **kwargs: Any) -> Any:
        kwargs.setdefault("kernel_manager_class", LocalSocketKernelManager)
        return nbclient.execute(nb, cwd=cwd, km=km, **kwargs)

    cache_execution.executenb = execute


# Voila names a kernel's sockets after its connection file: its folder, "voila_" and 8
# characters, "kernel-", a 36-character id and "-ipc-" with a port number. Unix caps a socket
# path at 104 bytes (macOS) to 108 (Linux), so the folder's root must stay short.
_VOILA_SOCKET_SUFFIX = len("/voila_12345678/kernel-") + 36 + len("-ipc-65535")
_SOCKET_PATH_LIMIT = 100


def voila_kernels_on_local_sockets(config: Any) -> None:
    """Make a Voila server (``live/voila.py``) start its kernels over Unix sockets.

    A kernel that loses a port at start-up dies, and Voila 0.5.13 then leaves the learner's page
    loading for ever. Unix sockets in Voila's private folder (mode 0700) cannot be taken, and
    no other local user can connect to them, as any can to a loopback port. Windows keeps TCP.
    """
    if os.name != "posix":
        return
    config.KernelManager.transport = "ipc"
    root = tempfile.gettempdir()
    if len(root) + _VOILA_SOCKET_SUFFIX > _SOCKET_PATH_LIMIT:
        root = "/tmp"  # macOS's $TMPDIR is about 50 characters long
    config.Voila.connection_dir_root = root
