"""MDGPLIB parsing and the `motesplats mdgp` command line."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from optimiser import InvalidInput
from optimiser.io.mdgplib import find_data_dir, instance_path, read_best_known, read_instance
from optimiser.research.cli_mdgp import main, parse_instances
from optimiser.research.mdgp import objective_of
from tests.conftest import TEST_DATA

# Our stand-ins for MDGPLIB instances, in its file format (tests/data/README.md, tests/optimiser/mdgplib_data.py).
DATA = TEST_DATA / "mdgp"


def test_parse_small_file() -> None:
    path = instance_path("RanReal_n010_ds_01", DATA)
    inst = read_instance(path)
    assert (inst.name, inst.n, inst.m, inst.kind) == ("RanReal_n010_ds_01", 10, 2, "ds")
    assert inst.lower == [5, 4] and inst.upper == [6, 5]
    assert inst.d[0, 1] == pytest.approx(95.600) and inst.d[1, 0] == pytest.approx(95.600)
    assert inst.d[0, 2] == pytest.approx(20.768)
    assert inst.d[9, 8] == pytest.approx(45.702)
    assert np.all(np.diag(inst.d) == 0) and np.array_equal(inst.d, inst.d.T)
    # every pair line was read
    lines = path.read_text().splitlines()[1:]
    assert len(lines) == 45
    for line in lines:
        i, j, v = line.split()
        assert inst.d[int(i), int(j)] == pytest.approx(float(v))


def test_best_known_table() -> None:
    bks = read_best_known(DATA)
    row = bks["RanReal_n010_ds_01"]
    assert row.best == pytest.approx(1317.613) and row.time_limit_s == 3
    assert row.average <= row.best


def test_find_data_dir_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("MDGPLIB_DIR", str(DATA))
    assert find_data_dir() == DATA
    assert instance_path("RanInt_n012_ds_02") == DATA / "RanInt" / "RanInt_n012_ds_02.txt"
    monkeypatch.setenv("MDGPLIB_DIR", str(tmp_path / "missing"))
    with pytest.raises(InvalidInput, match="is not a directory"):
        find_data_dir()


def test_malformed_file(tmp_path: Path) -> None:
    bad = tmp_path / "bad.txt"
    bad.write_text("3 1 ss 3 3\n0 1 5\n0 2 x\n1 2 4\n")
    with pytest.raises(InvalidInput, match="non-numeric"):
        read_instance(bad)
    bad.write_text("3 1 ss 3 3\n0 1 5\n")
    with pytest.raises(InvalidInput, match="expected 3 lines"):
        read_instance(bad)
    bad.write_text("three 1 ss\n")
    with pytest.raises(InvalidInput, match="line 1"):
        read_instance(bad)


def test_cli_solve_json_via_subprocess() -> None:
    path = instance_path("RanInt_n012_ds_02", DATA)
    run = subprocess.run(
        [
            sys.executable,
            "-m",
            "motesplats.cli",
            "mdgp",
            "solve",
            str(path),
            "--seconds",
            "0.3",
            "--seed",
            "4",
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0, run.stderr
    out = json.loads(run.stdout)
    assert set(out) == {"instance", "n", "m", "objective", "feasible", "seconds", "clock", "groups"}
    assert out["clock"] == "cpu"  # the limit is CPU time unless --wall is given
    assert out["instance"] == "RanInt_n012_ds_02" and out["n"] == 12 and out["m"] == 4
    assert out["feasible"] is True
    inst = read_instance(path)
    assert sorted(i for g in out["groups"] for i in g) == list(range(12))
    for g, members in enumerate(out["groups"]):
        assert inst.lower[g] <= len(members) <= inst.upper[g]
    assert out["objective"] == pytest.approx(objective_of(inst.d, out["groups"]))


def test_cli_solve_wall_clock_on_request(capsys: pytest.CaptureFixture[str]) -> None:
    path = instance_path("RanInt_n012_ds_02", DATA)
    assert main(["solve", str(path), "--seconds", "0.1", "--seed", "1", "--wall"]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["clock"] == "wall" and out["feasible"] is True


def test_cli_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["solve", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["bench", "--set", "Nope", "--n", "120"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["bench", "--set", "RanReal", "--n", "120", "--instances", "5-1"]) == 2
    assert "bad instance range" in capsys.readouterr().err
    assert main(["solve", "x", "--seconds", "-1"]) == 2


def test_cli_bench_small(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MDGPLIB_DIR", str(DATA))
    args = ["bench", "--set", "RanReal", "--n", "10", "--sizes", "ds", "--instances", "1", "--quiet"]
    assert main([*args, "--seconds", "0.2"]) == 0
    out = capsys.readouterr().out
    assert "TOTAL" in out and "mean gap" in out
    row = next(line.split() for line in out.splitlines() if line.startswith("RanReal_n010_ds_01"))
    objective, bks, gap = float(row[1]), float(row[2]), float(row[3])
    # the best-known value of the stand-in is the optimum (exhaustive search): no solver run can beat it
    assert bks == pytest.approx(1317.613) and objective <= bks + 1e-3 and gap >= -1e-4
    assert main(args) == 2  # n=10 has no default time limit
    assert "give --seconds" in capsys.readouterr().err
    assert main(["bench", "--set", "RanInt", "--n", "12", "--seconds", "0.2", "--quiet"]) == 2
    assert "no best-known value for RanInt_n012_ss_01" in capsys.readouterr().err


def test_cli_bench_without_data(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
                                tmp_path: Path) -> None:
    monkeypatch.setenv("MDGPLIB_DIR", str(tmp_path))
    assert main(["bench", "--set", "RanReal", "--n", "120", "--quiet"]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_parse_instances() -> None:
    assert parse_instances("1-3,5") == [1, 2, 3, 5]
