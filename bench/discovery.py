"""Quality of discovery through the same code path as `motesplats discover --json`, beside two baselines.

    .venv/bin/python -m bench.discovery --set dev|test|eval|PATH [--engine auto|lexical|semantic|blend]
                                        [--model e5|minilm|DIR] [--no-baselines]

Sets (bench/data/): `dev` (discovery_dev.json, tuned on), `eval` (discovery_eval.json, the first set, also
tuned on) and `test` (discovery_test.json, held out: run once, untouched). Prints recall@5 and MRR of the
expected related pairs (both directions), and hit@3 and MRR of the data needs with known producers, for
  - word TF-IDF (lowercase words, cosine),
  - char 3-5-gram TF-IDF, the baseline of issue 10: sklearn char_wb 3-5-grams, sublinear tf, cosine, over
    title, summary, description and themes (needs: the need's text against each dataset's name and
    description, best dataset per project),
  - the engine, by calling `motesplats.discovery.cli.discover` and reading its JSON.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from motesplats.discovery.cli import discover
from motesplats.discovery.engine.documents import ProjectDoc, load_portfolio

DATA = Path(__file__).parent / "data"
SETS = {"dev": DATA / "discovery_dev.json", "test": DATA / "discovery_test.json",
        "eval": DATA / "discovery_eval.json"}
Ranker = Callable[[str], list[str]]
NeedRanker = Callable[[str, int], list[str]]


def _project_text(doc: ProjectDoc) -> str:
    return " ".join([doc.title, doc.summary, doc.description, " ".join(doc.themes)])


def baseline(docs: list[ProjectDoc], vectorizer: TfidfVectorizer) -> tuple[Ranker, NeedRanker]:
    """TF-IDF cosine between projects, and between a need and every dataset (best dataset per project)."""
    keys = [d.key for d in docs]
    sets = [(d.key, ds.text) for d in docs for ds in d.datasets]
    vectorizer.fit([_project_text(d) for d in docs] + [t for _, t in sets])
    sims = cosine_similarity(vectorizer.transform([_project_text(d) for d in docs]))
    set_matrix = vectorizer.transform([t for _, t in sets])
    by_key = {d.key: d for d in docs}

    def related(key: str) -> list[str]:
        i = keys.index(key)
        return [keys[j] for j in np.argsort(-sims[i], kind="stable") if j != i]

    def producers(key: str, need: int) -> list[str]:
        scores = cosine_similarity(vectorizer.transform([by_key[key].needs[need]]), set_matrix).ravel()
        ranked: list[str] = []
        for j in np.argsort(-scores, kind="stable"):
            owner = sets[j][0]
            if owner != key and owner not in ranked:
                ranked.append(owner)
        return ranked

    return related, producers


def engine(data: dict[str, Any], engine: str, model: str | None) -> tuple[Ranker, NeedRanker]:
    """The engine as the command line runs it: rankings read from the JSON of `discover`."""
    n = len(data["projects"])
    result = discover(data, top=n, engine=engine, model=model)
    docs = {d.key: d for d in load_portfolio(data)}
    by_need = {(m["project"], m["need"]): [p["key"] for p in m["producers"]] for m in result["data_needs"]}

    def related(key: str) -> list[str]:
        return [s["key"] for s in result["projects"][key]["similar"]]

    def producers(key: str, need: int) -> list[str]:
        return by_need[(key, docs[key].needs[need])]

    return related, producers


def evaluate(data: dict[str, Any], related: Ranker, producers: NeedRanker) -> dict[str, float]:
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
    hits, need_rr = 0, []
    for item in data["expected_producers"]:
        truth = set(item["producers"])
        if not truth:
            continue
        ranking = producers(item["project"], item["need"])
        hits += bool(truth & set(ranking[:3]))
        first = next((i for i, k in enumerate(ranking) if k in truth), None)
        need_rr.append(0.0 if first is None else 1.0 / (first + 1))
    return {"recall@5": found5 / len(directed), "MRR": float(np.mean(reciprocal)),
            "needs hit@3": hits / len(need_rr), "needs MRR": float(np.mean(need_rr))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--set", default="dev", help="dev, test, eval or the path of a set")
    parser.add_argument("--engine", default="auto", choices=["auto", "lexical", "semantic", "blend"])
    parser.add_argument("--model", default=None)
    parser.add_argument("--no-baselines", action="store_true")
    args = parser.parse_args(argv)
    path = SETS.get(args.set, Path(args.set))
    data = json.loads(path.read_text(encoding="utf-8"))
    docs = load_portfolio(data)
    print(f"{path.name}: {len(docs)} projects, {len(data['expected_related'])} expected pairs, "
          f"{sum(1 for x in data['expected_producers'] if x['producers'])} needs with known producers")
    rows: dict[str, dict[str, float]] = {}
    if not args.no_baselines:
        rows["word TF-IDF"] = evaluate(data, *baseline(docs, TfidfVectorizer(lowercase=True)))
        rows["char 3-5-gram TF-IDF"] = evaluate(data, *baseline(docs, TfidfVectorizer(
            analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True)))
    start = time.perf_counter()
    label = f"engine ({args.engine}{', ' + args.model if args.model else ''})"
    rows[label] = evaluate(data, *engine(data, args.engine, args.model))
    elapsed = time.perf_counter() - start
    names = list(next(iter(rows.values())))
    print(f"{'':32}" + "".join(f"{n:>14}" for n in names))
    for name, metrics in rows.items():
        print(f"{name:32}" + "".join(f"{metrics[n]:>14.3f}" for n in names))
    print(f"(engine: {elapsed:.1f} s wall, including loading the model and encoding the portfolio)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
