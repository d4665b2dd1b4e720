"""A local Label Studio for one annotkit project: install, start, stop, status.

Label Studio pins many packages of its own (Django and friends), so it lives
in its own virtual environment (``<project>/.ls-venv`` by default), never in
annotkit's. Its data (SQLite database, uploads, log, pid file and the known
user's credentials) live in ``<project>/.ls-data``. The server listens on
127.0.0.1 only, as ``admin@example.com`` with a generated password and a
40-hex API token, both kept in the data folder so they survive restarts.
"""

from __future__ import annotations

import contextlib
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
from collections.abc import Callable
from pathlib import Path

import attrs

from annotkit.errors import StudioError

LABEL_STUDIO_VERSION = "1.23.2"
DEFAULT_PORT = 8089
HOST = "127.0.0.1"
EMAIL = "admin@example.com"
STATE_FILE = "annotkit-server.json"
PID_FILE = "label-studio.pid"
LOG_FILE = "label-studio.log"


@attrs.frozen
class Credentials:
    """How to reach and log in to a local server."""

    url: str
    email: str
    password: str
    token: str


@attrs.frozen
class Status:
    """Whether a local server runs, and where."""

    running: bool
    healthy: bool
    pid: int | None
    credentials: Credentials | None


def free_port(preferred: int | None = None) -> int:
    """``preferred`` if nothing listens on it, else a port the system picks."""
    if preferred is not None:
        with socket.socket() as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            try:
                probe.bind((HOST, preferred))
            except OSError:
                pass
            else:
                return preferred
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        port: int = probe.getsockname()[1]
        return port


def healthy(url: str, timeout: float = 2.0) -> bool:
    """Whether ``url/health`` answers 200."""
    try:
        with urllib.request.urlopen(f"{url}/health", timeout=timeout) as response:
            return bool(response.status == 200)
    except (OSError, urllib.error.URLError, ValueError):
        return False


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    with contextlib.suppress(ChildProcessError, OSError):
        done, _ = os.waitpid(pid, os.WNOHANG)
        if done == pid:
            return False
    return True


def _is_label_studio(pid: int) -> bool:
    """Whether process ``pid`` runs Label Studio (a stale pid file may name another)."""
    try:
        command = Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc: trust the pid file
    return b"label-studio" in command or b"label_studio" in command


class LocalServer:
    """One project's local Label Studio.

    ``venv`` and ``data`` default to ``root/.ls-venv`` and ``root/.ls-data``;
    ``port`` to the one used last, else 8089 if free, else any free port.
    """

    def __init__(
        self,
        root: str | Path = ".",
        *,
        venv: str | Path | None = None,
        data: str | Path | None = None,
        port: int | None = None,
        version: str = LABEL_STUDIO_VERSION,
        echo: Callable[[str], None] = lambda line: None,
    ) -> None:
        root = Path(root).resolve()
        self.venv = Path(venv).resolve() if venv else root / ".ls-venv"
        self.data = Path(data).resolve() if data else root / ".ls-data"
        self.port = port
        self.version = version
        self.echo = echo
        self._process: subprocess.Popen[bytes] | None = None

    @property
    def executable(self) -> Path:
        """The ``label-studio`` command of the server's virtual environment."""
        return self.venv / "bin" / "label-studio"

    @property
    def log_path(self) -> Path:
        """The server's log file."""
        return self.data / LOG_FILE

    def install(self) -> Path:
        """Create the virtual environment with Label Studio unless it exists."""
        if self.executable.is_file():
            return self.executable
        self.echo(f"installing Label Studio {self.version} into {self.venv} (about a minute)")
        self.venv.parent.mkdir(parents=True, exist_ok=True)
        steps = [
            [sys.executable, "-m", "venv", str(self.venv)],
            [str(self.venv / "bin" / "python"), "-m", "pip", "install", "-q",
             "--disable-pip-version-check", f"label-studio=={self.version}"],
        ]
        for step in steps:
            done = subprocess.run(step, capture_output=True, text=True, check=False)
            if done.returncode != 0:
                tail = "\n".join((done.stdout + done.stderr).strip().splitlines()[-15:])
                raise StudioError(
                    f"installing Label Studio {self.version} into {self.venv} failed "
                    f"({' '.join(step[:3])} exited {done.returncode}):\n{tail}"
                )
        if not self.executable.is_file():
            raise StudioError(f"{self.executable} is missing after installing Label Studio")
        return self.executable

    def credentials(self) -> Credentials | None:
        """The saved credentials, if the server was ever started."""
        path = self.data / STATE_FILE
        if not path.is_file():
            return None
        try:
            state = json.loads(path.read_text(encoding="utf-8"))
            return Credentials(state["url"], state["email"], state["password"], state["token"])
        except (ValueError, KeyError, TypeError):
            raise StudioError(f"{path} is damaged; delete it and {self.data} to start "
                              "afresh") from None

    def _new_credentials(self) -> Credentials:
        saved = self.credentials()
        if saved is not None:
            old_port = int(saved.url.rsplit(":", 1)[1])
            port = self.port or free_port(old_port)
            password, token = saved.password, saved.token
        else:
            port = self.port or free_port(DEFAULT_PORT)
            password, token = secrets.token_urlsafe(12), secrets.token_hex(20)
        credentials = Credentials(f"http://{HOST}:{port}", EMAIL, password, token)
        self.data.mkdir(parents=True, exist_ok=True)
        path = self.data / STATE_FILE
        path.write_text(json.dumps(attrs.asdict(credentials), indent=2) + "\n",
                        encoding="utf-8")
        path.chmod(0o600)
        return credentials

    def pid(self) -> int | None:
        """The server's process id, if it runs."""
        path = self.data / PID_FILE
        try:
            pid = int(path.read_text().strip())
        except (OSError, ValueError):
            return None
        return pid if _alive(pid) and _is_label_studio(pid) else None

    def status(self) -> Status:
        """Whether the server runs and answers."""
        credentials = self.credentials()
        pid = self.pid()
        ok = bool(credentials and pid and healthy(credentials.url))
        return Status(pid is not None, ok, pid, credentials)

    def start(self, timeout: float = 240.0) -> Credentials:
        """Install if needed, start, and wait until healthy; a running server is reused."""
        current = self.status()
        if current.healthy and current.credentials is not None:
            return current.credentials
        if current.pid is not None:
            self.stop()
        executable = self.install()
        credentials = self._new_credentials()
        port = credentials.url.rsplit(":", 1)[1]
        if free_port(int(port)) != int(port):
            raise StudioError(f"port {port} is taken by another program; pass --port")
        env = {
            **os.environ,
            "LABEL_STUDIO_BASE_DATA_DIR": str(self.data),
            "LABEL_STUDIO_USERNAME": credentials.email,
            "LABEL_STUDIO_PASSWORD": credentials.password,
            "LABEL_STUDIO_USER_TOKEN": credentials.token,
            "LABEL_STUDIO_ENABLE_LEGACY_API_TOKEN": "true",
            "LABEL_STUDIO_DISABLE_SIGNUP_WITHOUT_LINK": "true",
        }
        for name in ("LABEL_STUDIO_URL", "LABEL_STUDIO_API_KEY", "LABEL_STUDIO_HOST"):
            env.pop(name, None)
        self.echo(f"starting Label Studio on {credentials.url} (data in {self.data})")
        with self.log_path.open("ab") as log:
            process = subprocess.Popen(
                [str(executable), "start", "--no-browser", "--host", HOST, "--port", port],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT, env=env,
                cwd=self.data, start_new_session=True,
            )
        self._process = process
        (self.data / PID_FILE).write_text(f"{process.pid}\n")
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if process.poll() is not None:
                raise StudioError(
                    f"Label Studio exited with status {process.returncode} while starting; "
                    f"last lines of {self.log_path}:\n{self._log_tail()}"
                )
            if healthy(credentials.url) and self._token_works(credentials):
                return credentials
            time.sleep(0.5)  # polling the server, not waiting for a fixed time
        self.stop()
        raise StudioError(
            f"Label Studio did not become healthy on {credentials.url} within {timeout:g} s; "
            f"last lines of {self.log_path}:\n{self._log_tail()}"
        )

    def _token_works(self, credentials: Credentials) -> bool:
        request = urllib.request.Request(
            f"{credentials.url}/api/current-user/whoami",
            headers={"Authorization": f"Token {credentials.token}"},
        )
        try:
            with urllib.request.urlopen(request, timeout=5) as response:
                return bool(response.status == 200)
        except (OSError, urllib.error.URLError):
            return False

    def _log_tail(self, lines: int = 20) -> str:
        try:
            text = self.log_path.read_text(encoding="utf-8", errors="replace")
        except OSError:
            return "(no log)"
        return "\n".join(text.strip().splitlines()[-lines:])

    def stop(self, timeout: float = 30.0) -> bool:
        """Stop the server (its whole process group); whether one was running."""
        pid = self.pid()
        path = self.data / PID_FILE
        if pid is None:
            path.unlink(missing_ok=True)
            return False
        for sig in (signal.SIGTERM, signal.SIGKILL):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(pid, sig)
            deadline = time.monotonic() + timeout
            while time.monotonic() < deadline and _alive(pid):
                time.sleep(0.1)
            if not _alive(pid):
                break
        if self._process is not None and self._process.pid == pid:
            with contextlib.suppress(subprocess.TimeoutExpired):
                self._process.wait(timeout)
            self._process = None
        path.unlink(missing_ok=True)
        return True
