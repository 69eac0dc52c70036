"""A real JupyterHub on 127.0.0.1 for the hub test and benchmarks/bench_hub.py.

JupyterHub with configurable-http-proxy (npm, installed by the Makefile into
``.venv/node``), ``DummyAuthenticator`` (one shared workshop password) and
``SimpleLocalProcessSpawner`` (every user's home is a folder under the run's temp dir; all run as
the same OS user). Every port is ephemeral and every wait has a timeout.

Teardown ends everything this run started, by pid: the hub with SIGTERM (it stops the user
servers), the proxy through its pid file (it runs in its own session and outlives a killed hub),
then any process still carrying this run's marker in its environment (kernels, servers).
"""

from __future__ import annotations

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ogp_curriculum.paths import repo_root

PASSWORD = "workshop-password"
MARKER_ENV = "OGP_HUB_RUN"
VENV_BIN = Path(sys.executable).parent
CHP_DEFAULT = repo_root() / ".venv" / "node" / "node_modules" / ".bin" / "configurable-http-proxy"


class HubError(RuntimeError):
    """The hub, a server or a kernel did not do what the test needed (with the log's tail)."""


def missing_dependencies() -> list[str]:
    """What this machine lacks to run a hub, as install hints (empty: all there)."""
    missing = []
    for module, hint in (
        ("jupyterhub", "pip install -r requirements-test.txt"),
        ("nbgitpuller", "pip install -r requirements.txt"),
        ("websocket", "pip install websocket-client"),
    ):
        try:
            __import__(module)
        except ImportError:
            missing.append(f"{module} ({hint})")
    if not chp_path().exists():
        missing.append(f"configurable-http-proxy at {chp_path()} (make .venv/.test-installed)")
    return missing


def chp_path() -> Path:
    return Path(os.environ.get("OGP_CHP", CHP_DEFAULT))


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _config(root: Path, *, port: int, hub_port: int, api_port: int, token: str, marker: str) -> str:
    values = {
        "home": str(root / "home" / "{username}"),
        "singleuser": str(VENV_BIN / "jupyterhub-singleuser"),
        "chp": str(chp_path()),
        "pid": str(root / "proxy.pid"),
    }
    root_args = ["--allow-root"] if os.geteuid() == 0 else []
    return f"""
c = get_config()  # noqa: F821
c.JupyterHub.bind_url = "http://127.0.0.1:{port}"
c.JupyterHub.hub_ip = "127.0.0.1"
c.JupyterHub.hub_port = {hub_port}
c.JupyterHub.db_url = "sqlite:///{root / "hub.sqlite"}"
c.JupyterHub.cookie_secret_file = "{root / "cookie_secret"}"
c.JupyterHub.pid_file = "{root / "hub.pid"}"
c.ConfigurableHTTPProxy.api_url = "http://127.0.0.1:{api_port}"
c.ConfigurableHTTPProxy.command = [{values["chp"]!r}]
c.ConfigurableHTTPProxy.pid_file = {values["pid"]!r}
c.ConfigurableHTTPProxy.debug = False
c.JupyterHub.authenticator_class = "dummy"
c.DummyAuthenticator.password = {PASSWORD!r}
c.Authenticator.allow_all = True
c.JupyterHub.spawner_class = "simple"
c.SimpleLocalProcessSpawner.home_dir_template = {values["home"]!r}
c.Spawner.cmd = [{values["singleuser"]!r}]
c.Spawner.args = {root_args!r}
c.Spawner.default_url = "/lab"
c.Spawner.environment = {{{MARKER_ENV!r}: {marker!r}}}
c.Spawner.start_timeout = 60
c.Spawner.http_timeout = 60
c.JupyterHub.services = [{{"name": "ogp-test", "api_token": {token!r}}}]
c.JupyterHub.load_roles = [
    {{"name": "ogp-test", "services": ["ogp-test"],
      "scopes": ["admin:users", "admin:servers", "access:servers", "read:users"]}},
]
"""


@dataclass
class LiveHub:
    url: str
    token: str
    root: Path
    process: subprocess.Popen[bytes]
    log: Path
    marker: str
    sessions: dict[str, str] = field(default_factory=dict)
    # One open channels websocket per (user, kernel): a new one per cell makes the server
    # open fresh ZMQ sockets and nudge the kernel until its iopub answers, every time.
    channels: dict[tuple[str, str], Any] = field(default_factory=dict)

    # --- HTTP -------------------------------------------------------------------------------
    def request(self, method: str, path: str, body: Any = None, *, timeout: float = 30) -> Any:
        """JSON in, JSON out, with the test service's token (hub API and user servers)."""
        raw = self.request_text(method, path, body, timeout=timeout)
        return json.loads(raw) if raw.strip() else None

    def request_text(self, method: str, path: str, body: Any = None, *, timeout: float = 30) -> str:
        data = None if body is None else json.dumps(body).encode()
        req = urllib.request.Request(self.url + path, data=data, method=method)
        req.add_header("Authorization", f"token {self.token}")
        if data is not None:
            req.add_header("Content-Type", "application/json")
        try:
            with urllib.request.urlopen(req, timeout=timeout) as response:  # noqa: S310 - loopback
                return str(response.read().decode(errors="replace"))
        except urllib.error.HTTPError as error:
            detail = error.read().decode(errors="replace")[:500]
            raise HubError(f"{method} {path}: HTTP {error.code} {detail}") from None

    def user_api(self, user: str, method: str, path: str, body: Any = None) -> Any:
        return self.request(method, f"/user/{user}/api/{path}", body)

    # --- users and servers --------------------------------------------------------------------
    def ensure_user(self, user: str) -> None:
        with suppress(HubError):  # 409: already there (e.g. logged in through the browser)
            self.request("POST", f"/hub/api/users/{user}")

    def request_spawn(self, user: str) -> None:
        """Ask the hub to start ``user``'s server; do not wait for it."""
        self.ensure_user(user)
        with suppress(HubError):  # 400: already running or starting
            self.request("POST", f"/hub/api/users/{user}/server")

    def start_server(self, user: str, *, timeout: float = 60) -> None:
        self.request_spawn(user)
        self.wait_ready(user, timeout=timeout)

    def wait_ready(self, user: str, *, timeout: float = 60) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            model = self.request("GET", f"/hub/api/users/{user}")
            server = (model.get("servers") or {}).get("")
            if server and server.get("ready"):
                return
            time.sleep(0.3)
        raise HubError(f"{user}'s server was not ready after {timeout:.0f} s\n{self.log_tail()}")

    def log_tail(self, chars: int = 3000) -> str:
        return self.log.read_text(errors="replace")[-chars:] if self.log.exists() else ""

    # --- kernels ------------------------------------------------------------------------------
    def start_kernel(self, user: str, notebook: str) -> str:
        """A kernel for ``notebook`` (its folder is the kernel's working directory)."""
        session = self.user_api(
            user,
            "POST",
            "sessions",
            {"path": notebook, "type": "notebook", "name": "", "kernel": {"name": "python3"}},
        )
        return str(session["kernel"]["id"])

    def execute(self, user: str, kernel: str, code: str, *, timeout: float = 60) -> list[dict]:
        """Run ``code``; its iopub outputs. A cell error raises :class:`HubError`."""
        conn = self._channels(user, kernel, timeout)
        msg_id = uuid.uuid4().hex
        conn.send(
            json.dumps(
                {
                    "header": {
                        "msg_id": msg_id,
                        "username": user,
                        "session": self.sessions.setdefault(user, uuid.uuid4().hex),
                        "msg_type": "execute_request",
                        "version": "5.3",
                        "date": datetime.now(UTC).isoformat(),
                    },
                    "parent_header": {},
                    "metadata": {},
                    "content": {
                        "code": code,
                        "silent": False,
                        "store_history": True,
                        "user_expressions": {},
                        "allow_stdin": False,
                        "stop_on_error": True,
                    },
                    "channel": "shell",
                    "buffers": [],
                }
            )
        )
        outputs: list[dict] = []
        deadline = time.monotonic() + timeout
        try:
            while time.monotonic() < deadline:
                frame = conn.recv()
                if not isinstance(frame, str):
                    continue  # binary frames carry widget buffers
                message = json.loads(frame)
                if message.get("parent_header", {}).get("msg_id") != msg_id:
                    continue
                kind = message["header"]["msg_type"]
                if kind in {"stream", "execute_result", "display_data", "error"}:
                    outputs.append({"output_type": kind, **message["content"]})
                if kind == "status" and message["content"]["execution_state"] == "idle":
                    break
            else:
                raise HubError(f"{user}: the cell did not finish in {timeout:.0f} s: {code[:80]}")
        except BaseException:
            # Unread replies would belong to this cell: the next one gets a fresh connection.
            self.channels.pop((user, kernel), None)
            conn.close()
            raise
        errors = [o for o in outputs if o["output_type"] == "error"]
        if errors:
            raise HubError(f"{user}: {errors[0]['ename']}: {errors[0]['evalue']} in {code[:200]}")
        return outputs

    def _channels(self, user: str, kernel: str, timeout: float) -> Any:
        import websocket  # websocket-client, a jupyter_server dependency

        conn = self.channels.get((user, kernel))
        if conn is None:
            base = self.url.replace("http://", "ws://")
            conn = websocket.create_connection(
                f"{base}/user/{user}/api/kernels/{kernel}/channels",
                header=[f"Authorization: token {self.token}"],
                timeout=timeout,
            )
            self.channels[(user, kernel)] = conn
        conn.settimeout(timeout)
        return conn

    def close_channels(self) -> None:
        for conn in self.channels.values():
            with suppress(Exception):
                conn.close()
        self.channels.clear()

    def run_notebook(
        self, user: str, notebook: str, parameters: dict[str, Any] | None = None
    ) -> tuple[str, list[dict]]:
        """Run every code cell of ``notebook`` (in the user's home) as papermill would.

        ``parameters`` are assigned right after the cell tagged ``parameters``. Returns the
        kernel (for more code in the same namespace) and all outputs.
        """
        model = self.user_api(user, "GET", f"contents/{notebook}?content=1")
        kernel = self.start_kernel(user, notebook)
        outputs: list[dict] = []
        for cell in model["content"]["cells"]:
            if cell["cell_type"] != "code":
                continue
            outputs += self.execute(user, kernel, cell["source"])
            if parameters and "parameters" in cell.get("metadata", {}).get("tags", []):
                injected = "\n".join(f"{k} = {v!r}" for k, v in parameters.items())
                outputs += self.execute(user, kernel, injected)
        return kernel, outputs


def _wait_up(hub: LiveHub, timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if hub.process.poll() is not None:
            raise HubError(f"the hub exited ({hub.process.returncode}):\n{hub.log_tail()}")
        with suppress(OSError, HubError):
            hub.request("GET", "/hub/api/", timeout=2)
            return
        time.sleep(0.2)
    raise HubError(f"the hub did not answer in {timeout:.0f} s:\n{hub.log_tail()}")


def _marked_pids(marker: str) -> list[int]:
    """Processes whose environment carries this run's marker (user servers, kernels, proxy)."""
    needle = f"{MARKER_ENV}={marker}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        with suppress(OSError):
            if needle in (entry / "environ").read_bytes().split(b"\0"):
                found.append(int(entry.name))
    return found


def _stop(hub: LiveHub) -> None:
    hub.close_channels()
    if hub.process.poll() is None:
        hub.process.send_signal(signal.SIGTERM)
        try:
            hub.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            hub.process.kill()
            hub.process.wait(timeout=5)
    pid_file = hub.root / "proxy.pid"
    with suppress(OSError, ValueError):
        pid = int(pid_file.read_text().strip())
        if b"configurable-http-proxy" in Path(f"/proc/{pid}/cmdline").read_bytes():
            os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + 5
    while (left := _marked_pids(hub.marker)) and time.monotonic() < deadline:
        time.sleep(0.2)
    for pid in left:
        with suppress(OSError):
            os.kill(pid, signal.SIGKILL)


@contextmanager
def running_hub(root: Path, *, timeout: float = 30) -> Iterator[LiveHub]:
    """Start a hub under ``root``; always stop it and everything it started."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "home").mkdir(exist_ok=True)
    port, hub_port, api_port = free_port(), free_port(), free_port()
    token, marker = secrets.token_hex(16), uuid.uuid4().hex
    config = root / "jupyterhub_config.py"
    config.write_text(
        _config(root, port=port, hub_port=hub_port, api_port=api_port, token=token, marker=marker)
    )
    log = root / "hub.log"
    env = {**os.environ, MARKER_ENV: marker, "PATH": f"{VENV_BIN}:{os.environ.get('PATH', '')}"}
    env.pop("JUPYTERHUB_API_TOKEN", None)
    with log.open("wb") as sink:
        process = subprocess.Popen(
            [str(VENV_BIN / "jupyterhub"), "-f", str(config)],
            cwd=root,
            env=env,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    hub = LiveHub(f"http://127.0.0.1:{port}", token, root, process, log, marker)
    try:
        _wait_up(hub, timeout)
        yield hub
    finally:
        _stop(hub)
