"""`python -m bench.mdgp`: what a run records, its CSV results and the side-by-side `--compare` table.

Runs on the MDGPLIB-format stand-ins in tests/data/mdgp with a tiny CPU budget (never ../shared).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

import optimiser
from bench.mdgp import main
from optimiser import InvalidInput
from optimiser.research.mdgp_report import Row, comparison_table, git_commit, read_results
from tests.conftest import TEST_DATA

DATA = TEST_DATA / "mdgp"
BKS = 1317.613  # RanReal_n010_ds_01: the optimum, found by trying every split
RUN = ["--set", "RanReal", "--n", "10", "--sizes", "ds", "--instances", "1", "--seconds", "0.05", "--quiet"]


def test_run_on_stand_in_data_records_what_reproduces_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    record, results = tmp_path / "run.txt", tmp_path / "run.csv"
    code = main([*RUN, "--seed", "7", "--data", str(DATA), "--record", str(record), "--csv", str(results)])
    assert code == 0
    text = record.read_text()
    assert text == capsys.readouterr().out
    assert f"# engine: optimiser {optimiser.__version__}, commit {git_commit()}" in text
    assert "# seed: 7" in text
    assert "# load before (1/5/15 min): " in text and "# load after (1/5/15 min): " in text
    assert "--seconds 0.05" in text.splitlines()[0]
    row_line = next(line for line in text.splitlines() if line.startswith("RanReal_n010_ds_01"))
    assert f"{BKS:.3f}" in row_line  # the published-best column
    # the CSV is itself a results file: instance, objective, CPU seconds, and the run's details
    ours = read_results(results)
    assert list(ours) == ["RanReal_n010_ds_01"]
    assert ours["RanReal_n010_ds_01"].objective <= BKS + 1e-6  # cannot beat the optimum
    assert ours["RanReal_n010_ds_01"].objective > 0.99 * BKS
    assert 0 < ours["RanReal_n010_ds_01"].seconds < 1.0  # CPU seconds of the search, near its limit
    lines = results.read_text().splitlines()
    assert any(line.startswith("# seed: 7") for line in lines)
    row = next(csv.DictReader(line for line in lines if not line.startswith("#")))
    assert row["engine_version"] == optimiser.__version__ and row["seed"] == "7"
    assert row["feasible"] == "True" and float(row["bks"]) == pytest.approx(BKS)


def test_compare_adds_another_solvers_columns(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    other = tmp_path / "tpsdp.csv"
    other.write_text(
        "# TPSDP C++, two seeds\ninstance,objective,seconds,seed\n"
        "RanReal_n010_ds_01,1317.613,0.05,1\nRanReal_n010_ds_01,1300.001,0.05,2\n"
        "RanReal_n999_ss_01,5,1,1\n"
    )
    code = main([*RUN, "--data", str(DATA), "--compare", str(other), "--compare", f"again={other}"])
    assert code == 0
    out = capsys.readouterr().out
    table = out[out.index("# side by side") :].splitlines()
    assert "tpsdp" in table[1] and "again" in table[1]
    row = table[2].split()
    assert row[0] == "RanReal_n010_ds_01"
    assert row[4] == "1308.807(2)"  # the mean of its two runs, marked with the number of runs
    assert float(row[5]) == pytest.approx(100 * (BKS - 1308.807) / BKS, abs=1e-4)
    assert any(line.startswith("tpsdp: mean gap 0.6683 % against ours") for line in table)


def test_compare_file_errors_stop_before_the_run(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("instance,value\nA,1\n")
    assert main([*RUN, "--data", str(DATA), "--compare", str(bad)]) == 2
    err = capsys.readouterr()
    assert "must name the columns instance, objective, seconds" in err.err and err.out == ""
    assert main([*RUN, "--data", str(DATA), "--compare", str(tmp_path / "missing.csv")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_missing_data_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([*RUN, "--data", str(tmp_path / "nowhere")]) == 2
    assert "needs the MDGPLIB data set" in capsys.readouterr().err


def test_read_results_formats() -> None:
    text = "# comment\nSeconds;Objective;Instance;run\n1.5;10;A;1\n2.5;14;A;2\n3;7;B;1\n"
    rows = read_results(io.StringIO(text))
    assert rows["A"].objective == 12 and rows["A"].seconds == 2 and rows["A"].runs == 2
    assert rows["B"].objective == 7 and rows["B"].runs == 1
    tabbed = read_results(io.StringIO("instance\tobjective\tseconds\nA\t1\t2\n"))
    assert tabbed["A"].seconds == 2
    with pytest.raises(InvalidInput, match="line 3"):
        read_results(io.StringIO("instance,objective,seconds\nA,1,2\nB,x,2\n"))
    with pytest.raises(InvalidInput, match="no header"):
        read_results(io.StringIO("# only a comment\n"))


def test_comparison_table_counts_only_common_instances() -> None:
    ours = [Row("A", 100.0, 100.0, 3.0), Row("B", 50.0, 100.0, 3.0)]
    other = read_results(io.StringIO("instance,objective,seconds\nB,60,3\nC,1,1\n"))
    table = comparison_table(ours, [("x", other)])
    assert table[1].split()[-3:] == ["-", "-", "-"]  # A is not in the other file
    assert table[-1] == (
        "x: mean gap 40.0000 % against ours 50.0000 % over 1 instances; better / equal / worse than ours 1 / 0 / 0"
    )
    assert comparison_table(ours, [("y", {})])[-1] == "y: no instance in common with this run"
