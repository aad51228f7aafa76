"""`manage.py check --deploy` with the production settings gives no warning at all."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_check_deploy_with_production_settings_is_clean(tmp_path):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "motesplats.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(64),
        "ALLOWED_HOSTS": "motesplats.example.se",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy.sqlite3'}",
        "MOTESPLATS_VAR": str(tmp_path),
    }
    for inherited in ("DEBUG", "DJANGO_ALLOW_ASYNC_UNSAFE"):  # the test run sets the latter for Playwright
        env.pop(inherited, None)
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check", "--deploy", "--fail-level", "DEBUG"],
                            cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "System check identified no issues (0 silenced)." in output, output


def test_production_settings_refuse_a_short_secret_key():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "motesplats.settings.production", "SECRET_KEY": "short",
           "ALLOWED_HOSTS": "motesplats.example.se"}
    result = subprocess.run([sys.executable, str(ROOT / "manage.py"), "check"], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.slow
def test_production_sends_real_email_and_development_prints_it():
    script = "from django.conf import settings; print(settings.EMAIL_BACKEND)"
    backends = {}
    for module in ("production", "dev"):
        env = {**os.environ, "DJANGO_SETTINGS_MODULE": f"motesplats.settings.{module}",
               "SECRET_KEY": secrets.token_urlsafe(64)}
        env.pop("EMAIL_BACKEND", None)
        result = subprocess.run([sys.executable, "-c", "import django; django.setup(); " + script], cwd=ROOT,
                                env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stderr
        backends[module] = result.stdout.strip()
    assert backends == {"production": "django.core.mail.backends.smtp.EmailBackend",
                        "dev": "django.core.mail.backends.console.EmailBackend"}
