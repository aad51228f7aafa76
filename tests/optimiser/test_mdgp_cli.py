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

try:
    DATA: Path | None = find_data_dir()
except InvalidInput:
    DATA = None

needs_data = pytest.mark.skipif(DATA is None, reason="MDGPLIB data (shared/data/mdgplib) not found")


@needs_data
def test_parse_real_small_file() -> None:
    path = instance_path("RanReal_n010_ds_01", DATA)
    inst = read_instance(path)
    assert (inst.n, inst.m, inst.kind) == (10, 2, "ds")
    assert inst.lower == [5, 4] and inst.upper == [6, 5]
    assert inst.d[0, 1] == pytest.approx(80.829) and inst.d[1, 0] == pytest.approx(80.829)
    assert inst.d[0, 2] == pytest.approx(82.340)
    assert np.all(np.diag(inst.d) == 0) and np.array_equal(inst.d, inst.d.T)
    # every pair line was read: no off-diagonal zero is left in a RanReal file of reals > 0
    lines = path.read_text().splitlines()[1:]
    i, j, v = lines[-1].split()
    assert inst.d[int(i), int(j)] == pytest.approx(float(v))
    assert len(lines) == 45


@needs_data
def test_best_known_table() -> None:
    bks = read_best_known(DATA)
    row = bks["RanReal_n120_ss_01"]
    assert row.best == pytest.approx(47363.206898) and row.time_limit_s == 3
    assert row.average <= row.best


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


@needs_data
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
    assert set(out) == {"instance", "n", "m", "objective", "feasible", "seconds", "groups"}
    assert out["instance"] == "RanInt_n012_ds_02" and out["n"] == 12 and out["m"] == 4
    assert out["feasible"] is True
    inst = read_instance(path)
    assert sorted(i for g in out["groups"] for i in g) == list(range(12))
    for g, members in enumerate(out["groups"]):
        assert inst.lower[g] <= len(members) <= inst.upper[g]
    assert out["objective"] == pytest.approx(objective_of(inst.d, out["groups"]))


def test_cli_errors(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    assert main(["solve", str(tmp_path / "missing.txt")]) == 2
    assert "cannot read" in capsys.readouterr().err
    assert main(["bench", "--set", "Nope", "--n", "120"]) == 2
    assert "invalid choice" in capsys.readouterr().err
    assert main(["bench", "--set", "RanReal", "--n", "120", "--instances", "5-1"]) == 2
    assert "bad instance range" in capsys.readouterr().err
    assert main(["solve", "x", "--seconds", "-1"]) == 2


@needs_data
def test_cli_bench_small(capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(
            [
                "bench",
                "--set",
                "RanInt",
                "--n",
                "120",
                "--sizes",
                "ss",
                "--instances",
                "1",
                "--seconds",
                "0.2",
                "--quiet",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "RanInt_n120_ss_01" in out and "TOTAL" in out and "mean gap" in out
    assert main(["bench", "--set", "RanInt", "--n", "12", "--quiet"]) == 2


def test_parse_instances() -> None:
    assert parse_instances("1-3,5") == [1, 2, 3, 5]
