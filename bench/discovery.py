"""Quality of the discovery engine on bench/data/discovery_eval.json, against plain word TF-IDF.

    .venv/bin/python bench/discovery.py [--engine lexical|semantic|blend] [--model DIR]

Prints recall@5 and MRR for the expected related pairs (both directions), and hit@3 / MRR for data needs.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from motesplats.discovery.engine.documents import ProjectDoc, load_portfolio
from motesplats.discovery.engine.index import DiscoveryIndex

DATA = Path(__file__).parent / "data" / "discovery_eval.json"
Ranker = Callable[[str], list[str]]
NeedRanker = Callable[[str, int], list[str]]


def baseline(docs: list[ProjectDoc]) -> tuple[Ranker, NeedRanker]:
    """Plain TF-IDF over lowercase words (no stemming, no compounds, no stop words), cosine."""
    keys = [d.key for d in docs]
    vectorizer = TfidfVectorizer(lowercase=True)
    matrix = vectorizer.fit_transform([d.text for d in docs])
    sims = cosine_similarity(matrix)
    sets = [(d.key, ds.text) for d in docs for ds in d.datasets]
    set_matrix = vectorizer.transform([t for _, t in sets])
    by_key = {d.key: d for d in docs}

    def related(key: str) -> list[str]:
        i = keys.index(key)
        order = np.argsort(-sims[i], kind="stable")
        return [keys[j] for j in order if j != i]

    def producers(key: str, need: int) -> list[str]:
        scores = cosine_similarity(vectorizer.transform([by_key[key].needs[need]]), set_matrix).ravel()
        ranked: list[str] = []
        for j in np.argsort(-scores, kind="stable"):
            owner = sets[j][0]
            if owner != key and owner not in ranked and scores[j] > 0:
                ranked.append(owner)
        return ranked

    return related, producers


def engine(docs: list[ProjectDoc], mode: str, model: str | None) -> tuple[Ranker, NeedRanker]:
    encoder = None
    if mode != "lexical":
        from motesplats.discovery.engine.semantic import load_encoder

        encoder = load_encoder(model)
    index = DiscoveryIndex(mode=mode, encoder=encoder).build(docs)
    n = len(docs)

    def related(key: str) -> list[str]:
        return [r.key for r in index.similar(key, n)]

    def producers(key: str, need: int) -> list[str]:
        return [p.key for p in index.producers(key, need, n).producers]

    return related, producers


def evaluate(data: dict, related: Ranker, producers: NeedRanker) -> dict[str, float]:
    directed = [(a, b) for a, b in data["expected_related"]] + [(b, a) for a, b in data["expected_related"]]
    expected: dict[str, set[str]] = {}
    for a, b in directed:
        expected.setdefault(a, set()).add(b)
    found5, reciprocal = 0, []
    for key, wanted in expected.items():
        ranking = related(key)
        found5 += len(wanted & set(ranking[:5]))
        for other in wanted:
            reciprocal.append(1.0 / (ranking.index(other) + 1) if other in ranking else 0.0)
    hits, need_rr, counted = 0, [], 0
    for item in data["expected_producers"]:
        truth = set(item["producers"])
        if not truth:
            continue
        counted += 1
        ranking = producers(item["project"], item["need"])
        hits += bool(truth & set(ranking[:3]))
        first = next((i for i, k in enumerate(ranking) if k in truth), None)
        need_rr.append(0.0 if first is None else 1.0 / (first + 1))
    return {"recall@5": found5 / len(directed), "MRR": float(np.mean(reciprocal)),
            "needs hit@3": hits / counted, "needs MRR": float(np.mean(need_rr))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--engine", default="lexical", choices=["lexical", "semantic", "blend"])
    parser.add_argument("--model", default=None)
    parser.add_argument("--data", type=Path, default=DATA)
    args = parser.parse_args(argv)
    data = json.loads(args.data.read_text(encoding="utf-8"))
    docs = load_portfolio(data)
    print(f"{args.data.name}: {len(docs)} projects, {len(data['expected_related'])} expected pairs, "
          f"{sum(1 for x in data['expected_producers'] if x['producers'])} needs with known producers")
    rows = {"baseline (word TF-IDF)": evaluate(data, *baseline(docs)),
            f"engine ({args.engine})": evaluate(data, *engine(docs, args.engine, args.model))}
    names = list(next(iter(rows.values())))
    print(f"{'':28}" + "".join(f"{n:>14}" for n in names))
    for label, metrics in rows.items():
        print(f"{label:28}" + "".join(f"{metrics[n]:>14.3f}" for n in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
