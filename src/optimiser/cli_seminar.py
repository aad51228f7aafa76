"""The ``motesplats rounds``, ``motesplats tables`` and ``motesplats speed`` commands.

Exit codes: 0 success, 2 bad input (a malformed CSV names the line), 3 infeasible.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable

from optimiser.errors import Infeasible, InvalidInput
from optimiser.golfer import solve_golfer
from optimiser.golfer_search import search_golfer
from optimiser.io.golfer_bank import load_golfer_bank
from optimiser.io.people_csv import read_pairs, read_people
from optimiser.participants import Participant
from optimiser.seminar import SpeedPlan, TablePlan, plan_speed, plan_tables

__all__ = ["rounds_main", "speed_main", "tables_main"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        raise InvalidInput(f"{self.prog}: {message}")


def _progress(enabled: bool) -> Callable[[float, float], None] | None:
    if not enabled:
        return None
    last = [-1]

    def report(fraction: float, best: float) -> None:
        pct = int(fraction * 100)
        if pct // 10 != last[0] // 10:
            last[0] = pct
            print(f"searching: {pct:3d}%", file=sys.stderr, flush=True)

    return report


def _run(body: Callable[[], int]) -> int:
    try:
        return body()
    except InvalidInput as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except Infeasible as exc:
        print(f"infeasible: {exc}", file=sys.stderr)
        return 3


def _budget_args(parser: argparse.ArgumentParser, seconds: float) -> None:
    parser.add_argument("--seconds", type=float, default=seconds, help="time limit (wall clock)")
    parser.add_argument("--iterations", type=_positive, default=None,
                        help="a budget of search iterations instead of the time limit (reproducible with --seed)")
    parser.add_argument("--seed", type=int, default=None, help="random seed (printed with --json when drawn)")


def _positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def _show_progress(args: argparse.Namespace) -> bool:
    return not args.quiet and args.iterations is None and args.seconds >= 3


def rounds_main(argv: list[str]) -> int:
    """``motesplats rounds solve --tables G --size P --rounds W [--seconds S | --iterations N] [--seed N]
    [--bank] [--method construct|search]``.

    Prints ``{"rounds": [[[ids]...]...], "repeat_pairs": k, ...}`` with 0-based ids. With ``--people CSV`` (and
    ``--tables`` or ``--size``) the ids are the participants' ids and tables follow the seminar model.
    """

    def body() -> int:
        parser = _Parser(prog="motesplats rounds", description="several rounds of tables without repeats")
        sub = parser.add_subparsers(dest="command", required=True)
        solve = sub.add_parser("solve", help="solve one instance")
        solve.add_argument("--tables", type=int, help="tables per round (G)")
        solve.add_argument("--size", type=int, help="people per table (P)")
        solve.add_argument("--rounds", type=int, required=True, help="rounds (W)")
        solve.add_argument("--people", help="PEOPLE.csv instead of G x P anonymous people")
        _budget_args(solve, 60.0)
        solve.add_argument("--bank", action="store_true", help="start from a stored schedule of these sizes")
        solve.add_argument("--method", choices=["construct", "search"], default="construct",
                           help="construct: a construction (affine plane) or --bank start, then the tabu search "
                                "(default); search: search alone, greedy weeks and the golfer tabu search, "
                                "--seconds in CPU time")
        solve.add_argument("--quiet", action="store_true", help="no progress on stderr")
        args = parser.parse_args(argv)
        progress = _progress(_show_progress(args))
        out: dict[str, object]
        if args.people:
            people = read_people(args.people)
            if (args.tables is None) == (args.size is None):
                raise InvalidInput("with --people give either --tables or --size")
            plan = plan_tables(
                people, tables=args.tables, table_size=args.size, rounds=args.rounds, seconds=args.seconds,
                seed=args.seed, max_iterations=args.iterations, progress=progress,
            )
            out = {"rounds": plan.rounds, "repeat_pairs": plan.repeat_pairs,
                   "same_org_pairs": plan.same_org_pairs, "seconds": round(plan.seconds, 3),
                   "seed": plan.seed, "iterations": plan.iterations}
        else:
            if args.tables is None or args.size is None:
                raise InvalidInput("give --tables and --size (or --people)")
            if args.method == "search":
                if args.bank:
                    raise InvalidInput("--bank starts from a stored schedule: not with --method search")
                res = search_golfer(args.tables, args.size, args.rounds, seconds=args.seconds, seed=args.seed,
                                    max_iterations=args.iterations, progress=progress)
            else:
                bank = load_golfer_bank() if args.bank else None
                if args.bank and not bank:
                    raise InvalidInput("--bank: no schedules found (set MOTESPLATS_SHARED to the shared data folder)")
                res = solve_golfer(args.tables, args.size, args.rounds, seconds=args.seconds, seed=args.seed,
                                   max_iterations=args.iterations, bank=bank, progress=progress)
            out = {"rounds": [[list(t) for t in rnd] for rnd in res.rounds], "repeat_pairs": res.repeat_pairs,
                   "seconds": round(res.seconds, 3), "seed": res.seed, "iterations": res.iterations}
        print(json.dumps(out))
        return 0

    return _run(body)


def _people_args(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("people", metavar="PEOPLE.csv")
    parser.add_argument("--history", metavar="PAIRS.csv", help="earlier encounters, two ids per row")
    _budget_args(parser, 5.0)
    parser.add_argument("--json", action="store_true", help="print JSON instead of a readable table")
    parser.add_argument("--quiet", action="store_true", help="no progress on stderr")


def _label(p: Participant) -> str:
    name = p.name or p.id
    return f"{name} ({p.organisation})" if p.organisation else name


def _summary_lines(summary: dict[str, object]) -> list[str]:
    return [f"{k.replace('_', ' ')}: {v}" for k, v in summary.items() if v is not None]


def _summary(plan: TablePlan | SpeedPlan) -> dict[str, object]:
    return {
        "same_org_pairs": plan.same_org_pairs,
        "repeat_pairs": plan.repeat_pairs,
        "objective": round(plan.objective, 6),
        "new_cross_org_pairs": plan.new_cross_org_pairs,
        "unavoidable": plan.unavoidable,
        "seconds": round(plan.seconds, 3),
        "seed": plan.seed,
        "iterations": plan.iterations,
    }


def tables_main(argv: list[str]) -> int:
    """``motesplats tables PEOPLE.csv --tables M [--rounds R] [--history PAIRS.csv] [--seconds S | --iterations N]
    [--seed N] [--engine rounds|mdgp] [--json]`` (``--engine mdgp``: one round by the MDGP search)."""

    def body() -> int:
        parser = _Parser(prog="motesplats tables", description="round tables for a seminar")
        _people_args(parser)
        parser.add_argument("--tables", type=int, required=True)
        parser.add_argument("--rounds", type=int, default=1)
        parser.add_argument("--engine", choices=["rounds", "mdgp"], default="rounds",
                            help="rounds solver (default) or, for one round, the MDGP search")
        args = parser.parse_args(argv)
        people = read_people(args.people)
        history = read_pairs(args.history) if args.history else []
        plan = plan_tables(people, tables=args.tables, rounds=args.rounds, history=history,
                           seconds=args.seconds, seed=args.seed, max_iterations=args.iterations,
                           progress=_progress(_show_progress(args)), engine=args.engine)
        summary = _summary(plan)
        if args.json:
            print(json.dumps({"rounds": plan.rounds, "summary": summary}, ensure_ascii=False))
            return 0
        by_id = {p.id: p for p in people}
        lines: list[str] = []
        for k, rnd in enumerate(plan.rounds, 1):
            lines.append(f"Round {k}")
            for t, table in enumerate(rnd, 1):
                lines.append(f"  Table {t:>3}: " + ", ".join(_label(by_id[i]) for i in table))
        print("\n".join(lines + [""] + _summary_lines(summary)))
        return 0

    return _run(body)


def speed_main(argv: list[str]) -> int:
    """``motesplats speed PEOPLE.csv --rounds R [--history PAIRS.csv] [--seconds S | --iterations N] [--seed N]
    [--json]``."""

    def body() -> int:
        parser = _Parser(prog="motesplats speed", description="speed-dating rounds for a seminar")
        _people_args(parser)
        parser.add_argument("--rounds", type=int, required=True)
        args = parser.parse_args(argv)
        people = read_people(args.people)
        history = read_pairs(args.history) if args.history else []
        plan = plan_speed(people, rounds=args.rounds, history=history, seconds=args.seconds, seed=args.seed,
                          max_iterations=args.iterations, progress=_progress(_show_progress(args)))
        summary = _summary(plan)
        if args.json:
            rounds = [[list(p) for p in rnd] for rnd in plan.rounds]
            print(json.dumps({"rounds": rounds, "summary": summary}, ensure_ascii=False))
            return 0
        by_id = {p.id: p for p in people}
        lines: list[str] = []
        for k, rnd in enumerate(plan.rounds, 1):
            lines.append(f"Round {k}")
            for pair in rnd:
                lines.append("  " + " + ".join(_label(by_id[i]) for i in pair))
        print("\n".join(lines + [""] + _summary_lines(summary)))
        return 0

    return _run(body)

