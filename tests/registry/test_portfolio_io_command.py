"""python manage.py import_portfolio: the report, every error, and the exit codes."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from motesplats.registry.models import Organisation, Project

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).resolve().parent.parent / "fixtures"
ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> tuple[str, str]:
    out, err = io.StringIO(), io.StringIO()
    call_command("import_portfolio", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def test_command_prints_the_report() -> None:
    out, _err = run(str(FIXTURES / "portfolio_small.json"))
    assert "Organisationer: 3 nya" in out
    assert "Projekt: 2 nya" in out
    assert "Insamlad data: 3 nya" in out
    assert 'Okända fält som inte lästes: organisations[2] (key "KTH").founded' in out
    assert Project.objects.count() == 2
    out, _err = run(str(FIXTURES / "portfolio_small.json"), "--language", "en")
    assert "Projects: 2 unchanged" in out


def test_command_lists_every_error_and_fails() -> None:
    err = io.StringIO()
    with pytest.raises(CommandError) as caught:
        call_command("import_portfolio", str(FIXTURES / "portfolio_malformed.json"), stdout=io.StringIO(),
                     stderr=err)
    assert caught.value.returncode == 2
    text = err.getvalue()
    assert "18 fel. Ingenting sparades." in text
    assert 'organisations[0] (key "MF"): kind "kommun"' in text
    assert 'projects[5]: ska vara ett objekt' in text
    assert Organisation.objects.count() == 0


def test_command_on_a_missing_file() -> None:
    with pytest.raises(CommandError, match="finns inte"):
        run("/nonexistent/portfolio.json")


@pytest.mark.slow
def test_exit_codes_of_the_real_command(tmp_path: Path) -> None:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
           "DJANGO_SETTINGS_MODULE": "motesplats.settings.test"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True)
    good = subprocess.run([*manage, "import_portfolio", str(FIXTURES / "portfolio_small.json")], env=env,
                          capture_output=True, text=True)
    assert good.returncode == 0, good.stderr
    bad = subprocess.run([*manage, "import_portfolio", str(FIXTURES / "portfolio_syntax_error.json")], env=env,
                         capture_output=True, text=True)
    assert bad.returncode == 2
    assert "rad 4, kolumn 5" in bad.stderr
