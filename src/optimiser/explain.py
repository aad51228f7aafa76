"""Why a plan has the same-organisation pairs and repeats it has: lower bounds from organisation sizes and the
pigeonhole principle, as machine-readable reasons (for translated sentences) and as an English sentence."""

from __future__ import annotations

from collections.abc import Sequence

from optimiser.participants import Participant

__all__ = ["Reasons", "explain"]

Reasons = tuple[tuple[str, int], ...]
"""Machine-readable explanation: ``(code, number)`` pairs, for a translated sentence per code.

Codes: ``org_larger_than_tables`` (same-organisation pairs, all forced by an organisation with more people than
tables), ``same_org_remaining`` (same-organisation pairs) followed by ``same_org_lower_bound`` (the fewest the
organisation sizes force), ``pigeonhole_repeats`` (repeats) followed by ``pigeonhole_forced`` (how many the
pigeonhole principle forces) and ``pigeonhole_tables`` (the table count), ``too_few_others`` (repeats) followed by
``meetings_per_person`` and ``others`` (each person meets more people than there are), ``remaining_repeats``
(repeats left by the search under the constraints)."""


def _org_bound(people: Sequence[Participant], tables: int) -> int:
    """Fewest same-organisation tablemate pairs one round can have (colleagues spread evenly)."""
    counts: dict[str, int] = {}
    for p in people:
        if p.organisation:
            counts[p.organisation] = counts.get(p.organisation, 0) + 1
    total = 0
    for c in counts.values():
        q, rem = divmod(c, tables)
        total += rem * (q + 1) * q // 2 + (tables - rem) * q * (q - 1) // 2
    return total


def _repeat_bound(smallest: int, tables: int, rounds: int) -> int:
    """Repeats forced by the pigeonhole principle: each table of a later round draws its people from the
    ``tables`` tables of the first round, so at least ``C(q, 2)`` of its pairs met there."""
    q, rem = divmod(smallest, tables)
    per_table = rem * (q + 1) * q // 2 + (tables - rem) * q * (q - 1) // 2
    return (rounds - 1) * tables * per_table


def _reasons(
    people: Sequence[Participant],
    groups_per_round: int,
    rounds: int,
    same: int,
    repeats: int,
    meet_per_round: int,
    smallest: int = 2,
) -> Reasons:
    out: list[tuple[str, int]] = []
    if same:
        bound = _org_bound(people, groups_per_round) * rounds
        if bound >= same:
            out.append(("org_larger_than_tables", same))
        else:
            out += [("same_org_remaining", same), ("same_org_lower_bound", bound)]
    if repeats:
        n = len(people)
        forced = _repeat_bound(smallest, groups_per_round, rounds)
        if forced > 0:
            out += [("pigeonhole_repeats", repeats), ("pigeonhole_forced", forced),
                    ("pigeonhole_tables", groups_per_round)]
        elif rounds * meet_per_round > n - 1:
            out += [("too_few_others", repeats), ("meetings_per_person", rounds * meet_per_round),
                    ("others", n - 1)]
        else:
            out.append(("remaining_repeats", repeats))
    return tuple(out)


def _sentence(reasons: Reasons, tables: int, smallest: int) -> str | None:
    """The English sentence of :func:`_reasons` (the engine's own explanation, for logs and the CLI)."""
    r = dict(reasons)
    parts = []
    if "org_larger_than_tables" in r:
        parts.append(
            f"{r['org_larger_than_tables']} same-organisation pair(s) are unavoidable: some organisation has more "
            f"people than there are tables ({tables})"
        )
    if "same_org_remaining" in r:
        parts.append(
            f"{r['same_org_remaining']} same-organisation pair(s) remain; the lower bound from organisation sizes "
            f"is {r['same_org_lower_bound']}"
        )
    if "pigeonhole_repeats" in r:
        parts.append(
            f"{r['pigeonhole_repeats']} repeat encounter(s); at least {r['pigeonhole_forced']} are unavoidable: "
            f"tables of {smallest} or more at only {tables} tables must seat people who met in the first round"
        )
    if "too_few_others" in r:
        parts.append(
            f"{r['too_few_others']} repeat encounter(s): each person meets about {r['meetings_per_person']} people "
            f"but there are only {r['others']} others"
        )
    if "remaining_repeats" in r:
        parts.append(
            f"{r['remaining_repeats']} repeat encounter(s) remain after the search (fixed seats, locked people, the "
            "history and organisation constraints limit the choice)"
        )
    return "; ".join(parts) if parts else None


def explain(
    people: Sequence[Participant],
    groups_per_round: int,
    rounds: int,
    same: int,
    repeats: int,
    meet_per_round: int,
    smallest: int = 2,
) -> tuple[str | None, Reasons]:
    """Why ``same`` same-organisation pairs and ``repeats`` repeats remain in a plan of ``rounds`` rounds with
    ``groups_per_round`` tables (or pairs) where each person meets ``meet_per_round`` others per round and the
    smallest group has ``smallest`` people: an English sentence (None when nothing remains) and the reasons.

    >>> crowd = [Participant(f"c{i}", organisation="big" if i < 8 else f"o{i}") for i in range(12)]
    >>> explain(crowd, 3, 1, same=7, repeats=0, meet_per_round=3)[1]
    (('org_larger_than_tables', 7),)
    >>> explain(crowd, 3, 1, same=0, repeats=0, meet_per_round=3)
    (None, ())
    """
    reasons = _reasons(people, groups_per_round, rounds, same, repeats, meet_per_round, smallest)
    return _sentence(reasons, groups_per_round, smallest), reasons
