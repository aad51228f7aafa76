"""One round of tables through the MDGP machinery (optimiser.table_round, plan_tables(engine="mdgp"))."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import numpy as np
import pytest

from bench.seminar import population, related
from optimiser import Infeasible, InvalidInput, diversity_matrix, plan_tables
from optimiser.table_round import solve_table_round


def test_hard_constraints_hold_and_diversity_is_high() -> None:
    people = population(60, 30, 12, seed=5)
    ids = [p.id for p in people]
    org = {p.id: p.organisation for p in people}
    history = [(ids[i], ids[i + 1]) for i in range(0, 59, 2)] + [(ids[0], ids[7])]
    forbidden = [(ids[3], ids[10]), (ids[3], ids[20]), (ids[10], ids[20])]
    hosts = {ids[t * 6]: t for t in range(6)}
    plan = plan_tables(people, tables=6, history=history, forbidden=forbidden, fixed=hosts,
                       related_projects=related(30, 5), seed=2, max_iterations=200, engine="mdgp")
    tables = plan.rounds[0]
    assert sorted(len(t) for t in tables) == [10] * 6
    assert sorted(itertools.chain(*tables)) == sorted(ids)
    where = {pid: t for t, table in enumerate(tables) for pid in table}
    assert all(where[h] == t for h, t in hosts.items())
    assert all(where[a] != where[b] for a, b in forbidden)
    assert all(where[a] != where[b] for a, b in history)
    assert plan.repeat_pairs == 0 and plan.same_org_pairs == 0
    assert all(org[a] != org[b] for t in tables for a, b in itertools.combinations(t, 2))
    # the same seed and budget give the same plan
    again = plan_tables(people, tables=6, history=history, forbidden=forbidden, fixed=hosts,
                        related_projects=related(30, 5), seed=2, max_iterations=200, engine="mdgp")
    assert again.rounds == plan.rounds
    # it is at least as diverse as a random feasible split would typically be (a weak but real check)
    d = diversity_matrix(people, related_projects=related(30, 5))
    rng = np.random.default_rng(0)
    random_values = []
    for _ in range(20):
        perm = rng.permutation(60).reshape(6, 10)
        random_values.append(sum(float(d[np.ix_(g, g)].sum()) / 2 for g in perm))
    assert plan.objective > max(random_values)


def test_tables_command_with_the_mdgp_engine(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from optimiser.cli_seminar import tables_main

    people = tmp_path / "people.csv"
    rows = ["id,name,organisation,project,role,themes"]
    rows += [f"id{i},Namn {i},org{i % 4},proj{i % 6},,luft;data" for i in range(12)]
    people.write_text("\n".join(rows) + "\n")
    code = tables_main([str(people), "--tables", "3", "--engine", "mdgp", "--iterations", "30", "--seed", "1",
                        "--json", "--quiet"])
    assert code == 0
    out = json.loads(capsys.readouterr().out)
    assert sorted(len(t) for t in out["rounds"][0]) == [4, 4, 4]
    assert out["summary"]["same_org_pairs"] == 0
    assert tables_main([str(people), "--tables", "3", "--rounds", "2", "--engine", "mdgp", "--quiet"]) == 2
    assert "one round" in capsys.readouterr().err


def test_engine_choice_is_checked() -> None:
    people = population(12, 6, 4, seed=1)
    with pytest.raises(InvalidInput, match="one round"):
        plan_tables(people, tables=3, rounds=2, engine="mdgp", max_iterations=5, seed=1)
    with pytest.raises(InvalidInput, match="engine must be"):
        plan_tables(people, tables=3, engine="tabu", max_iterations=5, seed=1)


def test_forbidden_pairs_that_cannot_be_separated_raise() -> None:
    # three people who must all sit apart, but only two tables
    with pytest.raises(Infeasible, match="forbidden"):
        solve_table_round(np.ones((4, 4)), tables=2, lower=2, upper=2, forbidden=[(0, 1), (0, 2), (1, 2)],
                          seed=1, max_iterations=20)
