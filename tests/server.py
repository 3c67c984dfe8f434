"""gunicorn as the Procfile runs it, on loopback: shared by the tests (workers, Procfile) and the
benchmarks (which import this module; the tests never import the benchmarks)."""
from __future__ import annotations

import http.client
import re
import shlex
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

from dashboard import config

HOST = "127.0.0.1"  # loopback only, whatever the Procfile binds to
START_TIMEOUT_S = 60.0
STOP_TIMEOUT_S = 30.0


def procfile_command(port: int, workers: int) -> list[str]:
    """The Procfile's web command with its ${NAME:-default} variables filled in and the bind moved to loopback."""
    line = next(line for line in (config.ROOT_DIR / "Procfile").read_text(encoding="utf-8").splitlines()
                if line.startswith("web:"))
    values = {"PORT": str(port), "WEB_CONCURRENCY": str(workers)}
    line = re.sub(r"\$\{(\w+):-([^}]*)\}", lambda m: values.get(m.group(1), m.group(2)), line[len("web:"):])
    args = shlex.split(line)
    if args[0] != "gunicorn" or "--bind" not in args:
        raise SystemExit(f"Procfile: expected 'web: gunicorn ... --bind ...', got {line.strip()!r}")
    args[args.index("--bind") + 1] = f"{HOST}:{port}"
    gunicorn = Path(sys.executable).parent / "gunicorn"  # the one installed beside this Python (.venv)
    return ([str(gunicorn)] if gunicorn.exists() else [sys.executable, "-m", "gunicorn"]) + args[1:]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def children(pid: int) -> list[int]:
    """The processes whose parent is `pid` (gunicorn's workers of a master)."""
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:  # field 4 (ppid), after the "(comm)" field
                found.append(int(entry.name))
    return sorted(found)


def _status(port: int, path: str) -> int:
    connection = http.client.HTTPConnection(HOST, port, timeout=10)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        response.read()
        return response.status
    finally:
        connection.close()


def wait_until_ready(port: int, server: subprocess.Popen, workers: int) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise SystemExit(f"gunicorn exited with code {server.returncode} before answering")
        try:
            if _status(port, "/") == 200 and len(children(server.pid)) >= workers:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise SystemExit(f"gunicorn did not answer on {HOST}:{port} within {START_TIMEOUT_S:.0f} s")


def stop(server: subprocess.Popen) -> None:
    if server.poll() is None:
        server.send_signal(signal.SIGTERM)  # gunicorn's graceful shutdown: master stops its workers
        try:
            server.wait(timeout=STOP_TIMEOUT_S)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
