"""Speed of the discovery index on synthetic Swedish projects.

    .venv/bin/python bench/discovery_speed.py [--n 10000] [--queries 200]

Reports the time to build the index, the median and p95 time of "similar projects" for one project
(with reasons for the top 5), and the time to update one project incrementally.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time

from motesplats.discovery.engine.documents import DatasetDoc, ProjectDoc
from motesplats.discovery.engine.index import DiscoveryIndex

SUBJECTS = ["luftkvalitet", "dagvatten", "trafikflöden", "cykeltrafik", "energianvändning", "solceller", "buller",
            "parkering", "laddstationer", "avfall", "besökare", "belysning", "halka", "kollektivtrafik", "träd",
            "skolor", "äldreomsorg", "vattenläckor", "fjärrvärme", "översvämning", "temperatur", "nederbörd"]
ACTIONS = ["mätning av", "prognoser för", "sensorer för", "analys av", "kartläggning av", "uppföljning av",
           "styrning av", "digital tvilling för", "öppna data om", "dialog om"]
PLACES = ["innerstaden", "Kvarnbyn", "hamnen", "ytterstaden", "skolgårdar", "parker", "broarna", "bostadsområden",
          "centrum", "industriområdet"]
FILLER = ["projektet", "samarbetar", "med", "invånare", "förvaltningar", "och", "bolag", "för", "att", "förbättra",
          "staden", "genom", "nya", "metoder", "data", "delas", "öppet", "resultaten", "används", "i", "planeringen"]
ORGS = [f"ORG{i}" for i in range(60)]


def synthetic(n: int, seed: int = 1) -> list[ProjectDoc]:
    rng = random.Random(seed)
    docs = []
    for i in range(n):
        subject, other = rng.sample(SUBJECTS, 2)
        place = rng.choice(PLACES)
        title = f"{rng.choice(ACTIONS).capitalize()} {subject} i {place}"
        summary = f"{rng.choice(ACTIONS).capitalize()} {subject} och {other} {rng.choice(PLACES)}."
        description = " ".join(rng.choice(FILLER + SUBJECTS) for _ in range(70))
        docs.append(ProjectDoc(
            key=f"p{i}", org=rng.choice(ORGS), title=title, summary=summary, description=description,
            themes=tuple(rng.sample(SUBJECTS[:12], 2)),
            datasets=(DatasetDoc(f"{subject.capitalize()} per timme i {place}"),),
            needs=(f"{other.capitalize()} per dygn i {rng.choice(PLACES)}",),
        ))
    return docs


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    args = parser.parse_args(argv)
    docs = synthetic(args.n)
    start, cpu = time.perf_counter(), time.process_time()
    index = DiscoveryIndex().build(docs)
    index.similar(docs[0].key, 5)  # first query computes the row norms under the IDF
    build, build_cpu = time.perf_counter() - start, time.process_time() - cpu
    rng = random.Random(2)
    timings = []
    cpu_timings = []
    for key in rng.sample([d.key for d in docs], args.queries):
        t, c = time.perf_counter(), time.process_time()
        index.similar(key, 5)
        timings.append((time.perf_counter() - t) * 1000)
        cpu_timings.append((time.process_time() - c) * 1000)
    updates = []
    for i in range(20):
        doc = docs[rng.randrange(len(docs))]
        changed = ProjectDoc(doc.key, doc.org, doc.title + " med cykelräkning", doc.summary,
                             doc.description + f" ändrad {i}", doc.themes, doc.datasets, doc.needs)
        t = time.perf_counter()
        index.upsert(changed)
        index.similar(changed.key, 5)
        updates.append((time.perf_counter() - t) * 1000)
    timings.sort()
    print(f"projects: {args.n}")
    print(f"index build (incl. first query): {build:.1f} s wall, {build_cpu:.1f} s CPU   (target < 30 s)")
    print(f"similar projects, top 5 with reasons: median {statistics.median(timings):.1f} ms, "
          f"p95 {timings[int(0.95 * len(timings)) - 1]:.1f} ms, max {timings[-1]:.1f} ms wall; "
          f"median {statistics.median(cpu_timings):.1f} ms CPU   (target < 50 ms)")
    print(f"incremental update of one project + next query: median {statistics.median(updates):.1f} ms, "
          f"max {max(updates):.1f} ms")
    return 0


if __name__ == "__main__":
    sys.exit(main())
