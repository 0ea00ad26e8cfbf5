"""docker-compose.yml stays valid and in step with the README (no Docker engine needed:
`docker-compose config` parses offline)."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def compose(*args: str) -> subprocess.CompletedProcess[str]:
    binary = shutil.which("docker-compose")
    if binary is None:
        message = "docker-compose is not installed (.ci/run installs Debian's package)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    env = {k: v for k, v in os.environ.items() if not k.startswith("KYODO_")}
    return subprocess.run(
        [binary, *args], cwd=ROOT, capture_output=True, text=True, timeout=60, env=env
    )


def test_compose_file_parses_with_the_example_env_file() -> None:
    result = compose("--env-file", ".env.example", "config", "-q")
    assert result.returncode == 0, result.stderr


def test_compose_wants_the_password_from_an_env_file(tmp_path: Path) -> None:
    empty = tmp_path / "empty.env"
    empty.write_text("", encoding="utf-8")
    result = compose("--env-file", str(empty), "config", "-q")
    assert result.returncode != 0
    assert "KYODO_DB_PASSWORD" in result.stderr


def test_compose_restarts_checks_readiness_and_publishes_on_this_machine_only() -> None:
    result = compose("--env-file", ".env.example", "config")
    assert result.returncode == 0, result.stderr
    assert result.stdout.count("restart: unless-stopped") == 3
    assert "/readyz" in result.stdout
    for port in (":8000:", ":9100:"):  # the API, the worker's metrics
        ports = [line.strip() for line in result.stdout.splitlines() if port in line]
        assert ports, port
        assert all(p.lstrip("- ").startswith("127.0.0.1:") for p in ports), ports
    assert "--metrics-port" in result.stdout
    assert "/metrics" in result.stdout  # the worker's health check


def test_the_image_runs_as_a_user_not_root() -> None:
    dockerfile = (ROOT / "Dockerfile").read_text(encoding="utf-8")
    users = [line.split()[1] for line in dockerfile.splitlines() if line.startswith("USER ")]
    assert users
    assert users[-1] not in {"root", "0"}


def test_readme_names_the_compose_services() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    compose = (ROOT / "docker-compose.yml").read_text(encoding="utf-8")
    assert "docker compose up" in readme
    for service in ("db:", "api:", "projections:"):
        assert f"\n  {service}" in compose
    assert "DATABASE_URL" in readme
