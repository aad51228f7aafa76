"""Participants of a seminar and what their meetings are worth: the diversity matrix (round tables), the
affinity matrix (speed dating), the reasons two people are worth meeting, and the encounters of a plan.

Everything is keyed by participant ``id`` (strings).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import numpy as np
import numpy.typing as npt

__all__ = [
    "Participant",
    "RelatedProjects",
    "Weights",
    "affinity_matrix",
    "diversity_matrix",
    "encounters",
    "pair_reasons",
]

RelatedProjects = Mapping[tuple[str, str], float]
"""How related two projects are (0..1), keyed by pairs of project ids."""

@dataclass(frozen=True)
class Participant:
    """A person at the seminar.

    >>> Participant("p1", organisation="Stad", themes=frozenset({"luft"})).organisation
    'Stad'
    """

    id: str
    name: str = ""
    organisation: str = ""
    project: str = ""
    role: str = ""
    themes: frozenset[str] = field(default_factory=frozenset)


@dataclass(frozen=True)
class Weights:
    """How much each difference (or bonus) adds to the value of two people meeting.

    ``organisation``, ``project``, ``role``: added when the two differ; ``themes``: times the Jaccard distance
    of their themes (diversity) or the Jaccard similarity (affinity); ``related``: times the relatedness of
    their projects (0..1, from ``related_projects``; a pair listed both ways counts with the larger value).
    """

    organisation: float = 1.0
    project: float = 0.5
    role: float = 0.3
    themes: float = 0.5
    related: float = 0.5


def _related(related_projects: RelatedProjects | None, a: str, b: str) -> float:
    if not related_projects or not a or not b or a == b:
        return 0.0
    return float(max(related_projects.get((a, b), 0.0), related_projects.get((b, a), 0.0)))

def _labels(values: Sequence[str]) -> npt.NDArray[np.int64]:
    index: dict[str, int] = {}
    return np.array([index.setdefault(v, len(index)) for v in values], dtype=np.int64)


def _matrix(
    people: Sequence[Participant],
    weights: Weights,
    related_projects: RelatedProjects | None,
    themes_similar: bool,
) -> npt.NDArray[np.float64]:
    n = len(people)
    d = np.zeros((n, n))
    for attr, wt in (("organisation", weights.organisation), ("project", weights.project), ("role", weights.role)):
        lab = _labels([getattr(p, attr) for p in people])
        d += wt * (lab[:, None] != lab[None, :])
    themes = sorted({t for p in people for t in p.themes})
    if themes and weights.themes:
        col = {t: i for i, t in enumerate(themes)}
        T = np.zeros((n, len(themes)))
        for i, p in enumerate(people):
            T[i, [col[t] for t in p.themes]] = 1.0
        inter = T @ T.T
        size = T.sum(axis=1)
        union = size[:, None] + size[None, :] - inter
        sim = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
        d += weights.themes * np.where(union > 0, sim if themes_similar else 1.0 - sim, 0.0)
    if related_projects and weights.related:
        groups: dict[str, list[int]] = {}
        for i, p in enumerate(people):
            if p.project:
                groups.setdefault(p.project, []).append(i)
        for pa, pb in {(min(k), max(k)) for k in related_projects}:
            if pa == pb or pa not in groups or pb not in groups:
                continue
            value = weights.related * _related(related_projects, pa, pb)  # listed both ways: the larger
            ia, ib = np.array(groups[pa]), np.array(groups[pb])
            d[np.ix_(ia, ib)] += value
            d[np.ix_(ib, ia)] += value
    np.fill_diagonal(d, 0.0)
    return d


def diversity_matrix(
    people: Sequence[Participant],
    *,
    weights: Weights | None = None,
    related_projects: RelatedProjects | None = None,
) -> npt.NDArray[np.float64]:
    """``d[i, j]``: what a table gains when i and j sit together.

    Different organisation, project and role each add their weight; the Jaccard distance of the themes adds
    ``weights.themes`` times it; related projects add ``weights.related`` times their relatedness.

    >>> a = Participant("a", organisation="Stad", project="P1", themes=frozenset({"luft", "trafik"}))
    >>> b = Participant("b", organisation="Uni", project="P2", themes=frozenset({"luft"}))
    >>> d = diversity_matrix([a, b], related_projects={("P1", "P2"): 1.0})
    >>> float(d[0, 1])  # 1.0 (org) + 0.5 (project) + 0.5 * 0.5 (themes) + 0.5 (related)
    2.25
    """
    return _matrix(people, weights or Weights(), related_projects, themes_similar=False)


def affinity_matrix(
    people: Sequence[Participant],
    *,
    weights: Weights | None = None,
    related_projects: RelatedProjects | None = None,
) -> npt.NDArray[np.float64]:
    """Value of a one-to-one meeting: as :func:`diversity_matrix`, but shared themes (Jaccard similarity) add.

    >>> a = Participant("a", organisation="Stad", themes=frozenset({"luft"}))
    >>> b = Participant("b", organisation="Uni", themes=frozenset({"luft"}))
    >>> float(affinity_matrix([a, b])[0, 1])  # 1.0 (org) + 0.5 (themes shared)
    1.5
    """
    return _matrix(people, weights or Weights(), related_projects, themes_similar=True)


def pair_reasons(
    a: Participant, b: Participant, *, related_projects: RelatedProjects | None = None
) -> tuple[str, ...]:
    """Short machine-readable reasons why a and b are worth meeting.

    Codes: ``other_org``, ``other_project``, ``other_role``, ``shared_theme:<theme>`` (one per shared theme,
    sorted), ``related_project``.

    >>> a = Participant("a", organisation="Stad", project="P1", themes=frozenset({"luft", "buller"}))
    >>> b = Participant("b", organisation="Uni", project="P2", themes=frozenset({"luft"}))
    >>> pair_reasons(a, b, related_projects={("P2", "P1"): 0.8})
    ('other_org', 'other_project', 'shared_theme:luft', 'related_project')
    """
    out: list[str] = []
    if a.organisation != b.organisation:
        out.append("other_org")
    if a.project and b.project and a.project != b.project:
        out.append("other_project")
    if a.role and b.role and a.role != b.role:
        out.append("other_role")
    out += [f"shared_theme:{t}" for t in sorted(a.themes & b.themes)]
    if _related(related_projects, a.project, b.project) > 0:
        out.append("related_project")
    return tuple(out)


def encounters(rounds: Sequence[Sequence[Sequence[str]]]) -> frozenset[tuple[str, str]]:
    """All pairs (sorted ids) that meet in a plan: store them as the history of the next seminar.

    >>> sorted(encounters([[["a", "b", "c"], ["d"]]]))
    [('a', 'b'), ('a', 'c'), ('b', 'c')]
    """
    out: set[tuple[str, str]] = set()
    for rnd in rounds:
        for table in rnd:
            t = sorted(table)
            for u in range(len(t)):
                for v in range(u + 1, len(t)):
                    out.add((t[u], t[v]))
    return frozenset(out)
