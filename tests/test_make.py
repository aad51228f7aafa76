"""The Makefile's targets run what the README promises (checked with `make -n`, which runs nothing)."""

import importlib.util
import re
import shutil
import subprocess
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(shutil.which("make") is None, reason="make is not installed")


def dry_run(*targets: str) -> str:
    result = subprocess.run(["make", "-n", *targets], cwd=ROOT, capture_output=True, text=True, timeout=60,
                            env={"PATH": "/usr/bin:/bin", "HOME": str(ROOT)})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_make_test_runs_the_suite_on_the_test_settings():
    """The Makefile exports DJANGO_SETTINGS_MODULE (dev) for manage.py; pytest must not pick it up."""
    commands = dry_run("test", "test-fast")
    pytest_lines = [line for line in commands.splitlines() if "/pytest" in line]
    assert len(pytest_lines) == 2
    assert all("--ds=motesplats.settings.test" in line for line in pytest_lines)
    assert "ruff check src tests bench" in commands and "mypy" in commands


def test_make_demo_migrates_loads_and_serves_with_the_accounts_printed():
    commands = dry_run("demo")
    steps = ("manage.py migrate", "manage.py warm_engine", "manage.py load_demo", "manage.py runserver")
    order = [commands.index(step) for step in steps]  # the engine's compiled code is ready before the first plan
    assert order == sorted(order)
    for account in ("programkontoret@motesplats.example", "projektledare@motesplats.example",
                    "ledning@motesplats.example", "demo-password-1"):
        assert account in commands


def test_make_bench_runs_modules_that_exist():
    for module in re.findall(r"python -m (bench\.\w+)", dry_run("bench")):
        assert importlib.util.find_spec(module) is not None, module
