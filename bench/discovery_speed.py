"""Speed of the discovery index on synthetic Swedish projects.

    .venv/bin/python -m bench.discovery_speed [--n 10000] [--queries 200] [--model-texts 20]

Reports the time to build the index, the median and p95 time of "similar projects" for one project
(with reasons for the top 5, data links in both directions), the time to update one project in place and
answer its next query, and what the sentence model costs per text.

The index is measured in the engine used in production ("blend") with the sentence vectors already
computed, as a web process has them (they are stored in the database when a project is saved, or by
`manage.py discovery_index`): a deterministic stand-in gives each text a fixed pseudo-random unit vector.
The model's own cost is measured apart, on real text (`--model-texts`).
"""

from __future__ import annotations

import argparse
import hashlib
import os
import random
import statistics
import sys
import time
from collections.abc import Sequence

import numpy as np

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


class StoredVectors:
    """Stands in for vectors read from the database: a fixed unit vector per text (384 dimensions)."""

    name = "stored"

    def _vectors(self, texts: Sequence[str]) -> np.ndarray:  # type: ignore[type-arg]
        out = np.zeros((len(texts), 384), dtype=np.float32)
        for i, text in enumerate(texts):
            seed = int.from_bytes(hashlib.sha1(text.encode(), usedforsecurity=False).digest()[:8], "little")
            v = np.random.default_rng(seed).standard_normal(384).astype(np.float32)
            out[i] = v / np.linalg.norm(v)
        return out

    def passages(self, texts: Sequence[str]) -> np.ndarray:  # type: ignore[type-arg]
        return self._vectors(texts)

    def queries(self, texts: Sequence[str]) -> np.ndarray:  # type: ignore[type-arg]
        return self._vectors(texts)


def model_cost(docs: list[ProjectDoc]) -> str:
    from motesplats.discovery.engine.semantic import load_encoder, model_available

    if not model_available("e5"):
        return "sentence model: not installed"
    encoder = load_encoder("e5")
    texts = [DiscoveryIndex.project_text(d) for d in docs]
    encoder.passages(texts[:1])
    cpu, wall = time.process_time(), time.perf_counter()
    encoder.passages(texts)
    cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
    return (f"sentence model (multilingual-e5-small, 4-bit): {1000 * cpu / len(texts):.0f} ms CPU, "
            f"{1000 * wall / len(texts):.0f} ms wall per project text ({len(texts)} texts); a project with its "
            "datasets and needs is about 3-5 texts, encoded once when it is saved")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=10_000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--model-texts", type=int, default=20)
    args = parser.parse_args(argv)
    docs = synthetic(args.n)
    print(f"# load: {os.getloadavg()}")
    start, cpu = time.perf_counter(), time.process_time()
    index = DiscoveryIndex(mode="blend", encoder=StoredVectors()).build(docs)
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
    updates, update_cpu = [], []
    for i in range(20):
        doc = docs[rng.randrange(len(docs))]
        changed = ProjectDoc(doc.key, doc.org, doc.title + " med cykelräkning", doc.summary,
                             doc.description + f" ändrad {i}", doc.themes, doc.datasets, doc.needs)
        t, c = time.perf_counter(), time.process_time()
        index.upsert(changed)
        index.similar(changed.key, 5)
        updates.append((time.perf_counter() - t) * 1000)
        update_cpu.append((time.process_time() - c) * 1000)
    timings.sort()
    print(f"projects: {args.n}")
    print(f"index build (incl. first query): {build:.1f} s wall, {build_cpu:.1f} s CPU   (target < 30 s)")
    print(f"similar projects, top 5 with reasons: median {statistics.median(timings):.1f} ms, "
          f"p95 {timings[int(0.95 * len(timings)) - 1]:.1f} ms, max {timings[-1]:.1f} ms wall; "
          f"median {statistics.median(cpu_timings):.1f} ms CPU   (target < 50 ms)")
    print(f"incremental update of one project + next query: median {statistics.median(updates):.1f} ms, "
          f"max {max(updates):.1f} ms wall; median {statistics.median(update_cpu):.1f} ms CPU   (target < 100 ms)")
    if args.model_texts:
        print(model_cost(docs[: args.model_texts]))
    print(f"# load: {os.getloadavg()}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
