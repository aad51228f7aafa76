"""Schemathesis against the running app's own /api/openapi.json, as anonymous and as an organiser (token).

A live server on a transactional test database (flushed afterwards, so what the generated requests write never
reaches another test), a fixed seed and a bounded number of cases per operation. The run must find no server
error, no response that breaks its documented schema, content type or headers, and no undocumented status code.
The number of cases is printed (`-s`) and bounded from below, so a run that silently tests nothing fails.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from .conftest import build_api_world

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

SEED = 20261201
MAX_EXAMPLES = 12  # per operation and phase; the coverage phase adds its boundary cases
CHECKS = ",".join(["not_a_server_error", "status_code_conformance", "content_type_conformance",
                   "response_schema_conformance", "response_headers_conformance"])
MIN_CASES = 1000


def config(world: Any) -> str:
    """Dictionaries of real identifiers, so that half of the generated paths reach existing rows."""
    events = json.dumps([world.params["slug"], "utkast"])
    projects = json.dumps(["luftkvalitet", "intern-studie"])
    registrations = json.dumps([int(world.params["pk"]), int(world.params["pk"]) + 1])
    lines = [f"[dictionaries.events]\nvalues = {events}\n", f"[dictionaries.projects]\nvalues = {projects}\n",
             f"[dictionaries.registrations]\nvalues = {registrations}\n",
             f"[dictionaries.plans]\nvalues = [{world.params['plan_id']}]\n",
             '[dictionaries.series]\nvalues = ["serien"]\n']
    bindings = [("^/api/events/events/\\\\{slug\\\\}", "path.slug", "events"),
                ("^/api/(registry|discovery)/projects/\\\\{slug\\\\}", "path.slug", "projects"),
                ("^/api/events/registrations/\\\\{pk\\\\}", "path.pk", "registrations"),
                ("^/api/networking/plans/\\\\{plan_id\\\\}", "path.plan_id", "plans"),
                ("^/api/(events|networking)/series/\\\\{slug\\\\}", "path.slug", "series"),
                ("^/api/networking/my-seats", "query.event", "events")]
    for path_regex, key, dictionary in bindings:
        lines.append(f'[[operations]]\ninclude-path-regex = "{path_regex}"\n'
                     f'parameters = {{ "{key}" = {{ dictionary = "{dictionary}", probability = 0.5 }} }}\n')
    return "\n".join(lines)


@pytest.mark.parametrize("role", ["anonymous", "organiser"])
def test_schemathesis_finds_no_server_error_schema_violation_or_undocumented_status(
        role: str, live_server: Any, tmp_path: Path) -> None:
    world = build_api_world()
    config_file = tmp_path / "schemathesis.toml"
    config_file.write_text(config(world), encoding="utf-8")
    report = tmp_path / "report.json"
    command = [str(Path(sys.executable).with_name("st")), "--config-file", str(config_file), "run",
               f"{live_server.url}/api/openapi.json", "--checks", CHECKS, "--max-examples", str(MAX_EXAMPLES),
               "--seed", str(SEED), "--workers", "1", "--request-timeout", "30",
               "--report", "json", "--report-json-path", str(report), "--output-truncate", "true"]
    if role == "organiser":
        command += ["--header", f"Authorization: Bearer {world.organiser_token}"]
    run = subprocess.run(command, capture_output=True, text=True, timeout=900, check=False, cwd=tmp_path)
    assert report.exists(), run.stdout[-5000:] + run.stderr[-2000:]
    summary = json.loads(report.read_text(encoding="utf-8"))
    cases = summary["test_cases"]
    print(f"\nschemathesis {role}: {cases['generated']} cases over {summary['operations']['tested']} operations, "
          f"{cases['with_failures']} with failures, {summary['running_time']:.0f} s")
    assert summary["complete"], run.stdout[-5000:]
    assert summary["failures"] == [] and summary["errors"] == [], run.stdout[-8000:]
    assert cases["generated"] >= MIN_CASES
    assert summary["operations"]["tested"] >= 45
