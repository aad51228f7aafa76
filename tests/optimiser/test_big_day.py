"""Phase timings of the planners and the 2,000-person benchmark harness (`python -m bench.big_day`), on a
small population with tiny CPU budgets (the figures themselves are in bench/results/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench.big_day import count_repeats, day_pairs, main, series_history
from bench.seminar import population
from optimiser import plan_speed, plan_tables

PHASES = ["prepare", "setup", "start", "search", "result", "summary"]


def test_plans_report_their_phases_in_cpu_time() -> None:
    people = population(60, 30, 12, seed=3)
    tables = plan_tables(people, tables=6, rounds=2, seed=1, max_iterations=400, cpu_time=True)
    speed = plan_speed(people, rounds=3, seed=1, max_iterations=400, cpu_time=True)
    for plan in (tables, speed):
        assert [name for name, _ in plan.timings] == PHASES
        assert all(secs >= 0 for _, secs in plan.timings)
        assert sum(secs for _, secs in plan.timings) == pytest.approx(plan.seconds, abs=1e-6)


def test_repeats_are_recounted_over_history_and_day() -> None:
    people = population(20, 10, 5, seed=1)
    history = series_history(people, events=1, tables=5, rounds=1, speed_rounds=0, seed=1)
    assert len(history) == 5 * 6  # five tables of four: six pairs each
    first = sorted(history)[0]
    assert count_repeats(history, [first]) == 1
    assert count_repeats(set(), [("a", "b"), ("a", "b"), ("a", "c")]) == 1
    assert day_pairs([[["b", "a", "c"]], [["a", "b"]]]) == [("a", "b"), ("a", "c"), ("b", "c"), ("a", "b")]


def test_harness_runs_a_small_day(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "day.txt"
    code = main(["--people", "40", "--tables", "4", "--rounds", "2", "--speed-rounds", "3", "--speed-seconds", "0.2",
                 "--tables-seconds", "0.2", "--history-events", "1", "--out", str(out)])
    assert code == 0
    text = out.read_text()
    assert text == capsys.readouterr().out
    assert "# engine: optimiser" in text and "# load before" in text and "# load after" in text
    day = next(line for line in text.splitlines() if line.strip().startswith("day:"))
    assert "repeats (recounted over history + day)" in day and "peak rss" in day
    assert all(f"{name} " in text for name in PHASES)
