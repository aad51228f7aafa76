"""Tests of the seminar API (optimiser.seminar), the CSV readers and the seminar commands."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from optimiser import (
    Participant,
    Weights,
    affinity_matrix,
    diversity_matrix,
    encounters,
    evaluate_plan,
    pair_reasons,
    plan_speed,
    plan_tables,
)
from optimiser.errors import InvalidInput
from optimiser.io.people_csv import parse_pairs, parse_people, read_people

MOTESPLATS = str(Path(sys.executable).parent / "motesplats")


def _people(n: int, orgs: int) -> list[Participant]:
    themes = ["luft", "trafik", "energi", "vatten"]
    return [
        Participant(f"p{i:02d}", name=f"P {i}", organisation=f"org{i % orgs}", project=f"proj{i % (2 * orgs)}",
                    role=["a", "b"][i % 2], themes=frozenset({themes[i % 4], themes[(i * 7) % 4]}))
        for i in range(n)
    ]


def test_matrices() -> None:
    a = Participant("a", organisation="X", project="P", role="r", themes=frozenset({"t1", "t2"}))
    b = Participant("b", organisation="X", project="Q", role="r", themes=frozenset({"t2"}))
    w = Weights(organisation=2.0, project=1.0, role=1.0, themes=4.0, related=3.0)
    d = diversity_matrix([a, b], weights=w, related_projects={("Q", "P"): 0.5})
    assert d[0, 1] == d[1, 0] == pytest.approx(1.0 + 4.0 * 0.5 + 3.0 * 0.5)
    f = affinity_matrix([a, b], weights=w)
    assert f[0, 1] == pytest.approx(1.0 + 4.0 * 0.5)
    assert d[0, 0] == 0.0
    assert pair_reasons(a, b) == ("other_project", "shared_theme:t2")


def test_plan_tables_constraints() -> None:
    people = _people(30, 10)  # 6 tables of 5: zero repeats is possible (tables of 6 at 5 tables are not)
    fixed: dict[str | tuple[str, int], int] = {"p00": 2, ("p01", 1): 0}
    forbidden = [("p02", "p03"), ("p04", "p10")]
    plan = plan_tables(people, tables=6, rounds=3, fixed=fixed, forbidden=forbidden, seed=3, max_iterations=3000)
    assert len(plan.rounds) == 3
    for rnd in plan.rounds:
        assert sorted(p for t in rnd for p in t) == sorted(p.id for p in people)
        assert [len(t) for t in rnd] == [5] * 6
        assert "p00" in rnd[2]
        for a, b in forbidden:
            assert not any(a in t and b in t for t in rnd)
    assert "p01" in plan.rounds[1][0]
    assert plan.same_org_pairs == 0 and plan.repeat_pairs == 0 and plan.unavoidable is None
    d = diversity_matrix(people)
    idx = {p.id: i for i, p in enumerate(people)}
    total = sum(d[idx[a], idx[b]] for rnd in plan.rounds for t in rnd for a, b in itertools.combinations(t, 2))
    assert plan.objective == pytest.approx(total)
    assert plan.new_cross_org_pairs == len(encounters(plan.rounds))


def test_plan_tables_history_previous_and_unavoidable() -> None:
    people = _people(24, 8)
    first = plan_tables(people, table_size=4, rounds=1, seed=1, max_iterations=3000)
    assert len(first.rounds[0]) == 6
    hist = sorted(encounters(first.rounds))
    second = plan_tables(people, tables=6, rounds=2, history=hist, seed=2, max_iterations=3000)
    assert second.repeat_pairs == 0
    assert not encounters(second.rounds) & set(hist)
    ev = evaluate_plan(people, second.rounds, history=hist)
    assert (ev.objective, ev.same_org_pairs, ev.repeat_pairs, ev.new_cross_org_pairs) == (
        pytest.approx(second.objective), second.same_org_pairs, second.repeat_pairs, second.new_cross_org_pairs)
    # a hand-made swap that seats two colleagues together shows at once in the counts
    org = {p.id: p.organisation for p in people}
    moved = [[list(t) for t in rnd] for rnd in second.rounds]
    t0 = moved[0][0]
    x = t0[0]
    other = next(t for t in moved[0][1:] if any(org[q] == org[x] for q in t))
    y = next(q for q in other if org[q] == org[x])
    z = next(q for q in t0 if org[q] != org[x] and q != x)
    t0[t0.index(z)], other[other.index(y)] = y, z
    after = evaluate_plan(people, moved, history=hist)
    assert after.same_org_pairs >= 1
    assert after.objective != pytest.approx(ev.objective)
    # a late arrival: everybody else keeps the seat
    newcomer = Participant("late", organisation="new")
    again = plan_tables([*people, newcomer], sizes=[5, 5, 5, 5, 5, 5], rounds=2, previous=second.rounds,
                        locked=["p05"], seed=1, max_iterations=3000)
    assert again.changed_seats == 0
    assert any("late" in t for t in again.rounds[0])
    # one organisation larger than the table count: same-organisation pairs are unavoidable, and said so
    crowd = [Participant(f"c{i}", organisation="big" if i < 8 else f"o{i}") for i in range(12)]
    plan = plan_tables(crowd, tables=3, seed=1, max_iterations=3000)
    assert plan.same_org_pairs == 7  # 8 colleagues at 3 tables: 3 + 3 + 2 -> 3 + 3 + 1 pairs
    assert plan.unavoidable is not None and "unavoidable" in plan.unavoidable
    with pytest.raises(InvalidInput):
        plan_tables(people, tables=3, table_size=4)
    with pytest.raises(InvalidInput):
        plan_tables(people, tables=3, fixed={"nobody": 0})


def test_plan_speed() -> None:
    people = _people(16, 5)
    plan = plan_speed(people, rounds=6, seed=1, max_iterations=3000)
    assert len(plan.rounds) == 6 and all(len(r) == 8 for r in plan.rounds)
    assert plan.repeat_pairs == 0 and plan.same_org_pairs == 0
    hist = sorted(encounters([[list(p) for p in r] for r in plan.rounds]))
    nxt = plan_speed(people, rounds=3, history=hist, seed=2, max_iterations=3000)
    assert nxt.repeat_pairs == 0
    odd = plan_speed(people[:15], rounds=3, seed=1, max_iterations=3000, affinity=np.ones((15, 15)))
    assert all(sorted(len(p) for p in r) == [2] * 6 + [3] for r in odd.rounds)
    assert odd.objective == pytest.approx(3 * 9.0)


def test_csv_errors_name_the_line(tmp_path: Path) -> None:
    with pytest.raises(InvalidInput, match="line 1: the header has no column 'organisation'"):
        parse_people("id,name\nA,x\n")
    with pytest.raises(InvalidInput, match="line 4: 3 field"):
        parse_people("id,organisation\nA,X\nB,Y\nC,Z,extra\n")
    with pytest.raises(InvalidInput, match="line 3: the id is empty"):
        parse_people("id,organisation\nA,X\n,Y\n")
    with pytest.raises(InvalidInput, match="line 3: expected two ids"):
        parse_pairs("a,b\nA,B\nA,B,C\n")
    path = tmp_path / "people.csv"
    path.write_text("id,name,organisation,project,role,themes\n1,Ann,Stad,P,chef,luft;vatten\n")
    assert read_people(path)[0].themes == frozenset({"luft", "vatten"})
    with pytest.raises(InvalidInput, match="cannot read"):
        read_people(tmp_path / "missing.csv")


class _Out:
    def __init__(self, code: int, out: str, err: str) -> None:
        self.returncode, self.stdout, self.stderr = code, out, err


def test_cli_json_shapes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from motesplats.cli import main

    def _run(*args: str) -> _Out:
        code = main(list(args))
        cap = capsys.readouterr()
        return _Out(code, cap.out, cap.err)

    # the console script itself, once, in a subprocess
    res = subprocess.run(  # type: ignore[assignment]
        [MOTESPLATS, "rounds", "solve", "--tables", "4", "--size", "3", "--rounds", "4", "--iterations", "20000",
         "--seed", "1"], capture_output=True, text=True, timeout=120,
    )
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert out["repeat_pairs"] == 0
    assert len(out["rounds"]) == 4 and all(len(r) == 4 for r in out["rounds"])
    assert sorted(p for t in out["rounds"][0] for p in t) == list(range(12))

    res = _run("rounds", "solve", "--tables", "3", "--size", "2", "--rounds", "3", "--seed", "1", "--quiet",
               "--iterations", "5000")
    out = json.loads(res.stdout)
    assert res.returncode == 0 and out["repeat_pairs"] == 0 and len(out["rounds"]) == 3

    people = tmp_path / "people.csv"
    rows = ["id,name,organisation,project,role,themes"]
    rows += [f"id{i},Namn {i},org{i % 4},proj{i % 6},,luft;data" for i in range(12)]
    people.write_text("\n".join(rows) + "\n")
    hist = tmp_path / "pairs.csv"
    hist.write_text("a,b\nid0,id1\nid2,id3\n")
    res = _run("tables", str(people), "--tables", "3", "--rounds", "2", "--history", str(hist), "--iterations", "3000",
               "--seed", "1", "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert len(out["rounds"]) == 2 and len(out["rounds"][0]) == 3
    assert set(out["summary"]) >= {"same_org_pairs", "repeat_pairs", "objective"}
    assert out["summary"]["same_org_pairs"] == 0

    res = _run("rounds", "solve", "--people", str(people), "--tables", "4", "--rounds", "2", "--iterations", "3000",
               "--seed", "2")
    out = json.loads(res.stdout)
    assert res.returncode == 0 and len(out["rounds"]) == 2 and out["repeat_pairs"] == 0
    assert sorted(p for t in out["rounds"][0] for p in t) == sorted(f"id{i}" for i in range(12))

    res = _run("speed", str(people), "--rounds", "3", "--history", str(hist), "--iterations", "3000", "--json")
    assert res.returncode == 0, res.stderr
    out = json.loads(res.stdout)
    assert len(out["rounds"]) == 3 and all(len(p) == 2 for r in out["rounds"] for p in r)
    assert out["summary"]["repeat_pairs"] == 0

    res = _run("tables", str(people), "--tables", "3", "--iterations", "3000")
    assert res.returncode == 0 and "Table" in res.stdout and "same org pairs: 0" in res.stdout

    bad = tmp_path / "bad.csv"
    bad.write_text("id,organisation\nx,A\ny\n")
    res = _run("speed", str(bad), "--rounds", "2")
    assert res.returncode == 2
    assert "line 3" in res.stderr
