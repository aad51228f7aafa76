from __future__ import annotations

import json
from pathlib import Path

import pytest

from motesplats.cli import main
from motesplats.discovery.cli import discover

FIXTURE = Path(__file__).parent / "fixtures" / "portfolio.json"
EVAL = Path(__file__).parents[2] / "bench" / "data" / "discovery_eval.json"


def run_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    assert main(["discover", *args, "--json"]) == 0
    return json.loads(capsys.readouterr().out)


def test_json_shape_and_invariants(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, str(EVAL), "--top", "4")
    assert set(result) == {"projects", "data_needs"}
    data = json.loads(EVAL.read_text())
    assert set(result["projects"]) == {p["key"] for p in data["projects"]}
    for key, entry in result["projects"].items():
        assert set(entry) == {"similar"}
        similar = entry["similar"]
        assert len(similar) <= 4
        assert key not in [s["key"] for s in similar]
        assert [s["score"] for s in similar] == sorted((s["score"] for s in similar), reverse=True)
        for item in similar:
            assert set(item) == {"key", "score", "reasons"}
            assert isinstance(item["score"], float) and item["reasons"] and all(isinstance(r, str) for r in item["reasons"])
    needs = result["data_needs"]
    assert len(needs) == sum(len(p.get("data_needed", [])) for p in data["projects"])
    for need in needs:
        assert set(need) == {"project", "need", "producers"}
        assert need["project"] not in [p["key"] for p in need["producers"]]
        scores = [p["score"] for p in need["producers"]]
        assert scores == sorted(scores, reverse=True)
        for producer in need["producers"]:
            assert set(producer) == {"key", "dataset", "score"}


def test_known_matches_and_swedish_reasons(capsys: pytest.CaptureFixture[str]) -> None:
    result = run_json(capsys, str(FIXTURE))
    luft = result["projects"]["luft"]["similar"]
    assert luft[0]["key"] in {"trafik", "hemligt"}
    reasons = " ".join(next(s for s in luft if s["key"] == "trafik")["reasons"])
    assert "Gemensamma teman: IoT" in reasons
    assert "samlar in data «Trafikflöden per gata och timme» som Luftkvalitetsmätning i innerstaden behöver" in reasons
    need = next(n for n in result["data_needs"] if n["need"] == "Antal fordon per timme på gatorna")
    assert need["producers"][0]["key"] in {"trafik", "hemligt"}
    assert "trafik" in [p["key"] for p in need["producers"]]
    skyfall = next(n for n in result["data_needs"] if n["project"] == "skyfall")
    assert skyfall["producers"][0] == {"key": "dagvatten", "dataset": "Nivåer i dagvattenbrunnar",
                                       "score": skyfall["producers"][0]["score"]}


def test_readable_report(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["discover", str(FIXTURE), "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "Relaterade projekt" in out and "Databehov och vem som samlar in datan" in out
    assert "Trafikräkning med kameror [trafik]" in out


def test_bad_files_give_clear_messages(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.json"
    bad.write_text('{"projects": [{"key": "a"}]}')
    assert main(["discover", str(bad)]) == 2
    assert '"title" is missing' in capsys.readouterr().err
    bad.write_text("{not json")
    assert main(["discover", str(bad)]) == 2
    assert "inte giltig JSON" in capsys.readouterr().err
    assert main(["discover", str(tmp_path / "missing.json")]) == 2
    assert "kan inte läsa" in capsys.readouterr().err


def test_same_organisation_is_down_ranked() -> None:
    data = {"projects": [
        {"key": "a", "org": "X", "title": "Cykelräkning på broar", "description": "cyklister räknas"},
        {"key": "b", "org": "X", "title": "Cykelräkning på broar", "description": "cyklister räknas"},
        {"key": "c", "org": "Y", "title": "Cykelräkning på broar", "description": "cyklister räknas"},
    ]}
    similar = discover(data, top=2)["projects"]["a"]["similar"]
    assert [s["key"] for s in similar] == ["c", "b"]
