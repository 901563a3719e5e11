"""The real server in a subprocess: `onmessage serve` on a temporary data directory.

``demo_server(data)`` migrates and seeds the demo organisation (ONMESSAGE_DEMO=1, sign-ins
with ``DEMO_PASSWORD``, see app/demo.py) and serves it until the block ends. Tests that
must stop the server abruptly and start it again on the same data use ``seed_demo`` and
``serving`` (its ``process`` is the server's: ``kill -9`` it and serve again).
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def onmessage() -> list[str]:
    script = Path(sys.executable).parent / "onmessage"
    return [str(script)] if script.exists() else [sys.executable, "-m", "app.cli"]


def seed_demo(data: Path, settings: dict[str, str] | None = None) -> dict[str, str]:
    """Migrate and seed the demo organisation in `data`; returns the server's environment.
    `settings` are extra ONMESSAGE_* variables (e.g. a PostgreSQL database URL)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("ONMESSAGE_")}
    env.update({"ONMESSAGE_DATA_DIR": str(data), "ONMESSAGE_DEMO": "1",
                "ONMESSAGE_ENVIRONMENT": "development",
                # (a served test that uploads loads the model at its first job)
                "ONMESSAGE_WHISPER_PRELOAD": "0",
                "PYTHONPATH": str(REPO) + os.pathsep + env.get("PYTHONPATH", "")})
    env.update(settings or {})
    if "ONMESSAGE_DATABASE_URL" in env:  # a server database: seeded in place every time
        _migrate_and_seed(data, env)
        return env
    # SQLite: the demo is seeded once per test process for each set of settings and
    # copied (one file, about 0.5 MB) to every server after that: the two commands cost
    # several seconds each, a dozen servers over. A copy seeded minutes earlier is what a
    # server that had been running those minutes would hold.
    key = tuple(sorted((settings or {}).items()))
    if key not in _SEEDED:
        template = Path(tempfile.mkdtemp(prefix="onmessage-demo-"))
        _migrate_and_seed(template, {**env, "ONMESSAGE_DATA_DIR": str(template)})
        _SEEDED[key] = template
    shutil.copytree(_SEEDED[key], data, dirs_exist_ok=True)
    return env


# Demo data directories already seeded in this process, by the settings they were seeded with.
_SEEDED: dict[tuple[tuple[str, str], ...], Path] = {}


def _migrate_and_seed(data: Path, env: dict[str, str]) -> None:
    for step in (["migrate"], ["demo"]):
        done = subprocess.run([*onmessage(), *step], cwd=data, env=env, capture_output=True,
                              text=True, timeout=300)
        assert done.returncode == 0, f"onmessage {step[0]} failed:\n{done.stdout}{done.stderr}"


@dataclass
class Server:
    base: str
    process: subprocess.Popen[bytes]
    log: Path


def _wait_until_up(server: Server) -> None:
    deadline = time.monotonic() + 60
    while True:
        if server.process.poll() is not None:
            raise AssertionError("the server exited:\n" + server.log.read_text())
        try:
            with urllib.request.urlopen(server.base + "/healthz", timeout=2):
                return
        except urllib.error.HTTPError:
            return  # it answers (503 = something not ready, still serving pages)
        except OSError:
            if time.monotonic() > deadline:
                raise AssertionError("the server did not answer /healthz in 60 s:\n"
                                     + server.log.read_text()) from None
            time.sleep(0.2)


@contextlib.contextmanager
def serving(data: Path, env: dict[str, str], *, log_name: str = "server.log") -> Iterator[Server]:
    """Serve `data` on a free port until the block ends (or the test kills the process)."""
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    env = {**env, "ONMESSAGE_BASE_URL": base}
    log_path = data / log_name
    log = log_path.open("w")
    process = subprocess.Popen([*onmessage(), "serve", "--port", str(port)], cwd=data,
                               env=env, stdout=log, stderr=subprocess.STDOUT)
    server = Server(base=base, process=process, log=log_path)
    try:
        _wait_until_up(server)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


@contextlib.contextmanager
def demo_server(data: Path,
                prepare: Callable[[dict[str, str]], None] | None = None,
                settings: dict[str, str] | None = None) -> Iterator[str]:
    """Migrate and seed the demo organisation in `data`, let `prepare(env)` add to it, then
    serve it on a free port until the block ends; yields the base URL. `settings` are
    extra ONMESSAGE_* variables for every step (e.g. a PostgreSQL database URL)."""
    env = seed_demo(data, settings)
    if prepare is not None:
        prepare(env)
    with serving(data, env) as server:
        yield server.base


def seed_pending_review(env: dict[str, str]) -> None:
    """A `prepare` for `demo_server`: Jordan Lee (West) has mastered drills and a scored
    pitch waiting for sign-off (see tests/browser/test_manager_review.py `seed`)."""
    done = subprocess.run([sys.executable, "-c", "import sys; from tests.browser."
                           "test_manager_review import seed; seed(sys.argv[1])",
                           env["ONMESSAGE_DATA_DIR"]],
                          cwd=REPO, env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
