"""`make run` serves the app: start it as a user would and request /healthz."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import requests

from grantmatch.config import PROJECT_ROOT
from tests.conftest import free_port


def test_make_run_serves_healthz_and_the_catalogue(tmp_path: Path) -> None:
    port = free_port()
    env = dict(os.environ, GRANTMATCH_INSTANCE_PATH=str(tmp_path / "instance"), GRANTMATCH_SCHEDULER="off")
    env.pop("GRANTMATCH_DATABASE_URL", None)
    process = subprocess.Popen(["make", "--no-print-directory", "run", f"PORT={port}"], cwd=PROJECT_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        response = None
        while time.monotonic() < deadline:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except requests.ConnectionError:
                assert process.poll() is None, process.stdout.read().decode() if process.stdout else ""
                time.sleep(0.3)
        assert response is not None and response.status_code == 200
        health = response.json()
        assert health["status"] == "ok" and health["schemes"] >= 35
        page = requests.get(f"http://127.0.0.1:{port}/schemes/nordplus-junior", timeout=5)
        assert page.status_code == 200 and "Nordplus Junior" in page.text
        assert (tmp_path / "instance" / "grantmatch.sqlite").exists()
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=20)
