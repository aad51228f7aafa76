"""Swedish text handling, with the expected matches stated."""

from __future__ import annotations

import pytest

from motesplats.discovery.engine.documents import DatasetDoc, ProjectDoc
from motesplats.discovery.engine.index import DiscoveryIndex
from motesplats.discovery.engine.text import Analyzer, Vocabulary, normalise, stem, words


def keys(text: str, analyzer: Analyzer | None = None) -> set[str]:
    return {t.key for t in (analyzer or Analyzer()).terms(text)}


def test_normalise_keeps_swedish_letters() -> None:
    assert normalise("ÅÄÖ Mätning") == "åäö mätning"
    assert words("Mätningar av luften i staden och på gatorna") == ["mätningar", "luften", "staden", "gatorna"]


@pytest.mark.parametrize(("a", "b"), [("mätningar", "mätning"), ("gatorna", "gata"), ("timmar", "timme"),
                                      ("trafikflöden", "trafikflöde"), ("halter", "halt")])
def test_inflections_share_a_stem(a: str, b: str) -> None:
    assert stem(a) == stem(b)


@pytest.mark.parametrize(("word", "parts"), [
    ("luftkvalitetsmätning", ("luft", "kvalitet", "mätning")),
    ("dagvattenhantering", ("dagvatten", "hantering")),
    ("cykelräkning", ("cykel", "räkning")),
    ("fjärrvärmeförbrukning", ("fjärrvärme", "förbrukning")),
])
def test_compounds_split_with_linking_s(word: str, parts: tuple[str, ...]) -> None:
    vocabulary = Vocabulary()
    vocabulary.add(["fjärrvärme", "dagvatten"])
    assert vocabulary.split(word) == parts


def test_no_split_into_endings_or_unknown_words() -> None:
    vocabulary = Vocabulary()
    assert vocabulary.split("beläggning") == ()
    assert vocabulary.split("xyzqwerty") == ()


def test_compound_matches_its_phrase() -> None:
    """ "dagvattenhantering" shares its parts with "hantering av dagvatten"."""
    analyzer = Analyzer()
    analyzer.learn(["hantering av dagvatten"])
    assert {stem("dagvatten"), stem("hantering")} <= keys("dagvattenhantering", analyzer) & keys(
        "hantering av dagvatten", analyzer)


def test_concepts_bridge_different_words() -> None:
    need = keys("Antal fordon per timme på gatorna")
    dataset = keys("Trafikflöden per gata och timme")
    assert "#trafik" in need & dataset
    assert "#nederbörd" in keys("regn") & keys("nederbörd")


def _index(*docs: ProjectDoc) -> DiscoveryIndex:
    return DiscoveryIndex().build(docs)


def test_need_is_met_by_differently_worded_dataset() -> None:
    """ "Antal fordon per timme på gatorna" is matched by "Trafikflöden per gata och timme", not by noise."""
    index = _index(
        ProjectDoc("luft", "MF", "Luftmätning", needs=("Antal fordon per timme på gatorna",)),
        ProjectDoc("trafik", "TK", "Trafikräkning", datasets=(DatasetDoc("Trafikflöden per gata och timme"),)),
        ProjectDoc("mat", "UF", "Skolmat", datasets=(DatasetDoc("Matsvinn per skolkök"),)),
        ProjectDoc("avfall", "RH", "Sopkärl", datasets=(DatasetDoc("Fyllnadsgrad i papperskorgar"),)),
    )
    match = index.producers("luft", 0)
    assert [p.key for p in match.producers] == ["trafik"]
    assert match.producers[0].dataset == "Trafikflöden per gata och timme"


def test_mätningar_finds_mätning_project() -> None:
    index = _index(
        ProjectDoc("a", "X", "Mätningar av buller vid skolor", "Bullret mäts på skolgårdar"),
        ProjectDoc("b", "Y", "Bullermätning vid skolgårdar", "Mätning av ljudnivå"),
        ProjectDoc("c", "Z", "Solceller på förskolor", "Produktion av solel"),
    )
    assert index.similar("a", 2)[0].key == "b"
