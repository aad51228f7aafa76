"""Swedish text handling and the engine's behaviour, with the expected matches stated."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from motesplats.discovery.engine.documents import DatasetDoc, ProjectDoc
from motesplats.discovery.engine.index import BAND_WEAK, DiscoveryIndex, Feedback
from motesplats.discovery.engine.semantic import CachedEncoder, load_encoder
from motesplats.discovery.engine.text import STOP_WORDS, ngrams, normalise, stem, words

ROOT = Path(__file__).parents[2]


@pytest.fixture(scope="module")
def encoder() -> CachedEncoder:
    return CachedEncoder(load_encoder("e5"))


def test_normalise_keeps_swedish_letters() -> None:
    assert normalise("ÅÄÖ Mätning") == "åäö mätning"
    assert words("Mätningar av luften i staden och på gatorna") == ["mätningar", "luften", "gatorna"]


@pytest.mark.parametrize(("a", "b"), [("mätningar", "mätning"), ("gatorna", "gata"), ("timmar", "timme"),
                                      ("trafikflöden", "trafikflöde"), ("halter", "halt")])
def test_inflections_share_a_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b)


def test_compound_shares_ngrams_with_its_parts() -> None:
    compound = set(ngrams("luftkvalitetsmätning"))
    assert set(ngrams("kvalitet")) - {" kv", " kva", " kval", "et ", "tet ", "itet "} <= compound
    assert " luf" in compound and " luf" in set(ngrams("luft"))


def _docs() -> list[ProjectDoc]:
    return [
        ProjectDoc("luft", "MF", "Luftmätning i innerstaden", "Sensorer mäter kvävedioxid och partiklar",
                   needs=("Hur mycket bilar det kör på gatorna",)),
        ProjectDoc("trafik", "TK", "Trafikräkning", "Kameror räknar fordon i korsningar",
                   datasets=(DatasetDoc("Trafikflöden per gata och timme"),)),
        ProjectDoc("mat", "UF", "Skolmat", "Mindre matsvinn i skolköken", datasets=(DatasetDoc("Matsvinn per skolkök"),)),
        ProjectDoc("avfall", "RH", "Sopkärl", "Sensorer i papperskorgar",
                   datasets=(DatasetDoc("Fyllnadsgrad i offentliga behållare"),), needs=("Hur fulla soptunnorna är",)),
        ProjectDoc("sol", "EB", "Solceller på förskolor", "Produktion av solel på taken",
                   datasets=(DatasetDoc("Elproduktion per timme"),)),
    ]


def test_everyday_need_finds_technical_dataset(encoder: CachedEncoder) -> None:
    """ "how much traffic" finds traffic counts; "how full the bins are" finds the fill level of containers."""
    index = DiscoveryIndex(encoder=encoder).build(_docs())
    assert index.producers("luft", 0).producers[0].key == "trafik"
    bins = DiscoveryIndex(encoder=encoder).build([*_docs(), ProjectDoc("park", "PN", "Parkskötsel", "Renare parker",
                                                                       needs=("Hur fulla soptunnorna är",))])
    assert bins.producers("park", 0).producers[0].key == "avfall"


@pytest.mark.parametrize("mode", ["lexical", "blend"])
def test_a_need_always_gets_candidates(mode: str, encoder: CachedEncoder) -> None:
    """Even a need nothing meets gets its best candidates, with the band saying it is no good match."""
    docs = [*_docs(), ProjectDoc("x", "Q", "Kulturarv", "Digitalisering av arkiv", needs=("Gamla fotografier",))]
    index = DiscoveryIndex(mode=mode, encoder=encoder if mode != "lexical" else None).build(docs)
    match = index.producers("x", 0, 3)
    assert len(match.producers) == 3
    assert all(p.key != "x" for p in match.producers)
    for m in index.data_needs(3):
        assert m.producers, f"{m.need} got no candidate"
    alone = DiscoveryIndex(mode="lexical").build([docs[-1]])
    assert alone.producers("x", 0).producers == ()
    assert match.producers[-1].band == BAND_WEAK


def test_reasons_name_whole_words_never_stop_words(encoder: CachedEncoder) -> None:
    docs = [
        ProjectDoc("a", "X", "Uppvärmning av skolor", "Ett hundratal skolor får leveranserna av fjärrvärme mätta",
                   themes=("energi",)),
        ProjectDoc("b", "Y", "Fjärrvärme i skolorna", "Hundra skolor och deras fjärrvärmeförbrukning",
                   themes=("energi",)),
        ProjectDoc("c", "Z", "Cykelbanor", "Nya cykelbanor i ytterstaden"),
    ]
    index = DiscoveryIndex(encoder=encoder).build(docs)
    related = index.similar("a", 1)[0]
    assert related.key == "b"
    terms = [t for r in related.reasons if r.code == "terms" for t in r.terms]
    assert "fjärrvärme" in terms
    assert not {"hundra", "hundratal", "värma", "och", "ett"} & set(terms)
    assert all(t not in STOP_WORDS and len(t) >= 4 for t in terms)


def test_same_data_same_ranking_whatever_the_order_of_changes(encoder: CachedEncoder) -> None:
    """An index changed one project at a time ranks exactly as one built from scratch."""
    docs = _docs()
    fresh = DiscoveryIndex(encoder=encoder).build(docs)
    changed = DiscoveryIndex(encoder=encoder).build(reversed(docs))
    changed.upsert(ProjectDoc("tmp", "Z", "Tillfälligt", "Borttaget projekt om buller"))
    changed.upsert(ProjectDoc(docs[1].key, "TK", "Något helt annat"))
    changed.remove("tmp")
    changed.upsert(docs[1])
    for doc in docs:
        assert fresh.similar(doc.key, 4) == changed.similar(doc.key, 4)
    assert fresh.data_needs(3) == sorted(changed.data_needs(3), key=lambda m: [d.key for d in docs].index(m.project))


def test_a_verdict_moves_a_new_similar_pair(encoder: CachedEncoder) -> None:
    """ "samarbetar" on (A, B) lifts B for A2, a new project much like A; "inte relevant" lowers it."""
    docs = [
        ProjectDoc("A", "X", "Bullermätning vid skolor", "Sensorer mäter buller på skolgårdar"),
        ProjectDoc("A2", "W", "Buller på skolgårdar", "Mätning av ljudnivåer vid förskolor"),
        ProjectDoc("B", "Y", "Trafikens ljud i bostadsområden", "Kartor över vägtrafikens ljudnivåer"),
        ProjectDoc("C", "Z", "Ljudmiljö i parker", "Inventering av tysta platser och ljudmiljö i parker"),
        ProjectDoc("D", "V", "Solceller", "Produktion av solel"),
    ]
    index = DiscoveryIndex(encoder=encoder).build(docs)

    def score(feedback: list[Feedback], target: str) -> float:
        return next(r.score for r in index.similar("A2", 4, feedback=feedback) if r.key == target)

    before = score([], "B")
    raised = score([Feedback("A", "B", 1.0)], "B")
    lowered = score([Feedback("A", "B", -1.0)], "B")
    assert lowered < before < raised
    assert score([Feedback("A", "B", 1.0)], "C") == score([], "C"), "an unrelated pair does not move"
    ranks = [r.key for r in index.similar("A2", 4, feedback=[Feedback("A", "B", 1.0), Feedback("A", "C", -1.0)])]
    assert ranks.index("B") < ranks.index("C")
    ranks = [r.key for r in index.similar("A2", 4, feedback=[Feedback("A", "B", -1.0), Feedback("A", "C", 1.0)])]
    assert ranks.index("C") < ranks.index("B")


def test_engine_imports_no_django() -> None:
    code = ("import sys; import motesplats.discovery.engine.index, motesplats.discovery.engine.semantic, "
            "motesplats.discovery.engine.documents; "
            "print(any(m == 'django' or m.startswith('django.') for m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


@pytest.mark.slow  # two fresh interpreters, each loading Django and the engine
def test_two_processes_give_the_same_result(tmp_path: Path) -> None:
    """The command in two processes (different hash seeds) gives byte-identical JSON."""
    portfolio = ROOT / "tests" / "discovery" / "fixtures" / "portfolio.json"
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed}
        run = subprocess.run([sys.executable, "-m", "motesplats.cli", "discover", str(portfolio), "--json"],
                             capture_output=True, text=True, check=True, env=env)
        outputs.append(run.stdout)
    assert outputs[0] == outputs[1]
    assert json.loads(outputs[0])["data_needs"]
