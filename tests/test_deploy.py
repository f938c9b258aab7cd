"""The production image's command, run outside Docker with the same settings (no engine here)."""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import requests
import yaml

from grantmatch.config import PROJECT_ROOT
from tests.conftest import free_port

DOCKERFILE = (PROJECT_ROOT / "Dockerfile").read_text(encoding="utf-8")


def image_command() -> list[str]:
    match = re.search(r"^CMD (\[.*\])$", DOCKERFILE, re.MULTILINE)
    assert match, "Dockerfile needs an exec-form CMD"
    return json.loads(match.group(1))


def run_image_command(env: dict[str, str]) -> subprocess.Popen:
    bin_dir = str(Path(sys.executable).parent)
    full_env = dict(os.environ, PATH=f"{bin_dir}:{os.environ['PATH']}", **env)
    full_env.pop("GRANTMATCH_DEBUG", None)
    return subprocess.Popen(image_command(), env=full_env, cwd=PROJECT_ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, start_new_session=True)


def test_dockerfile_is_small_and_non_root() -> None:
    assert DOCKERFILE.startswith("# ") and "FROM python:3.11-slim" in DOCKERFILE
    assert re.search(r"^USER grantmatch$", DOCKERFILE, re.MULTILINE)
    assert "HEALTHCHECK" in DOCKERFILE and "/healthz" in DOCKERFILE


def test_compose_runs_web_scheduler_and_postgres_without_secrets_in_the_file() -> None:
    compose = yaml.safe_load((PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
    assert set(compose["services"]) == {"db", "web", "scheduler"}
    assert "scheduler" in " ".join(compose["services"]["scheduler"]["command"])
    text = (PROJECT_ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "${GRANTMATCH_SECRET_KEY:?" in text and "${POSTGRES_PASSWORD:?" in text


def test_image_command_serves_with_several_workers(tmp_path: Path) -> None:
    port = free_port()
    database = os.environ.get("GRANTMATCH_TEST_DATABASE_URL") or f"sqlite:///{tmp_path / 'prod.sqlite'}"
    process = run_image_command({"GRANTMATCH_SECRET_KEY": "a-real-secret-for-this-test", "GUNICORN_WORKERS": "2",
                                 "GUNICORN_BIND": f"127.0.0.1:{port}", "GRANTMATCH_DATABASE_URL": database,
                                 "GRANTMATCH_INSTANCE_PATH": str(tmp_path), "GRANTMATCH_SCHEDULER": "off"})
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                response = requests.get(f"http://127.0.0.1:{port}/healthz", timeout=15)
                break
            except (requests.ConnectionError, requests.Timeout):
                assert process.poll() is None and time.monotonic() < deadline, process.stdout.read().decode()
                time.sleep(0.3)
        assert response.status_code == 200 and response.json()["schemes"] >= 35
        assert "grantmatch_process_info{pid=" in requests.get(f"http://127.0.0.1:{port}/metrics", timeout=5).text
        search = requests.get(f"http://127.0.0.1:{port}/search", params={"q": "elevutveksling med Sverige"}, timeout=10)
        assert search.status_code == 200 and "Nordplus" in search.text
        assert "Secure" in requests.get(f"http://127.0.0.1:{port}/?lang=en", timeout=5).headers.get("Set-Cookie", "")
    finally:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=30)


def test_image_command_refuses_to_start_without_a_secret_key(tmp_path: Path) -> None:
    process = run_image_command({"GUNICORN_WORKERS": "1", "GUNICORN_BIND": f"127.0.0.1:{free_port()}",
                                 "GRANTMATCH_DATABASE_URL": f"sqlite:///{tmp_path / 'x.sqlite'}",
                                 "GRANTMATCH_INSTANCE_PATH": str(tmp_path), "GRANTMATCH_SECRET_KEY": ""})
    try:
        output = process.communicate(timeout=90)[0].decode()
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
    assert process.returncode != 0
    assert "GRANTMATCH_SECRET_KEY must be set" in output
