"""How a data match blends its signals, with a toy encoder whose vectors are counts of a few topic words."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from numpy.typing import NDArray

from motesplats.discovery.engine.documents import DatasetDoc, ProjectDoc
from motesplats.discovery.engine.index import DiscoveryIndex, Weights

TOPICS = ("regn", "trafik", "skola")


class TopicEncoder:
    """One axis per topic word a text contains, and one shared axis: a text without topic reads as none."""

    name = "topics"

    def passages(self, texts: Sequence[str]) -> NDArray[np.float32]:
        rows = np.array([[t.lower().count(w) for w in TOPICS] + [1.0] for t in texts], dtype=np.float32)
        return rows / np.linalg.norm(rows, axis=1, keepdims=True)

    def queries(self, texts: Sequence[str]) -> NDArray[np.float32]:
        return self.passages(texts)


def _docs() -> list[ProjectDoc]:
    same = (DatasetDoc("mätvärden per timme"),)
    return [
        ProjectDoc("a", "X", "Trafik i centrum", "Vi räknar trafik vid korsningar", datasets=same),
        ProjectDoc("b", "Y", "Regn över taken", "Vi mäter regn på gröna tak", datasets=same),
        ProjectDoc("c", "Z", "Skola och lärande", "Elever i skola", datasets=(DatasetDoc("närvaro per elev"),)),
        ProjectDoc("d", "W", "Dagvatten när det regn faller", "Skyfall och regn i ledningarna",
                   needs=("mätvärden per timme",)),
    ]


def test_a_terse_need_is_read_in_the_light_of_its_project() -> None:
    """The need says nothing of rain, its project does: the rain project's data comes first."""
    index = DiscoveryIndex(mode="blend", encoder=TopicEncoder()).build(_docs())
    assert [p.key for p in index.producers("d", 0).producers][:2] == ["b", "a"]
    need_only = Weights(need_project=0.0, need_context=0.0)
    plain = DiscoveryIndex(mode="blend", encoder=TopicEncoder(), weights=need_only).build(_docs())
    first, second = plain.producers("d", 0).producers[:2]
    assert first.score == second.score  # the need alone cannot tell the two datasets apart


@pytest.mark.parametrize("mode", ["lexical", "semantic", "blend"])
def test_blended_scores_are_the_same_on_every_build(mode: str) -> None:
    """No state outside the projects held: two builds, in two orders, give identical data matches."""
    docs = _docs()
    encoder = TopicEncoder() if mode != "lexical" else None
    one = DiscoveryIndex(mode=mode, encoder=encoder).build(docs).data_needs(3)
    other = DiscoveryIndex(mode=mode, encoder=encoder).build(list(reversed(docs)))
    assert one == other.data_needs(3)
    assert all(m.producers for m in one)


def test_reasons_never_name_units_counts_or_generic_words() -> None:
    """Two projects that share only "per timme", "antal" and "rapporterade" get no key words from them."""
    docs = [
        ProjectDoc("a", "X", "Antal cyklister per timme", "Rapporterade cykelpassager per timme",
                   themes=("cykel",), datasets=(DatasetDoc("antal cyklister per timme, rapporterade"),)),
        ProjectDoc("b", "Y", "Antal bussresor per timme", "Rapporterade påstigande per timme",
                   themes=("cykel",), datasets=(DatasetDoc("antal påstigande per timme, rapporterade"),)),
        ProjectDoc("c", "Z", "Skolmåltider", "Mindre matsvinn i skolköken"),
        ProjectDoc("d", "W", "Gröna tak", "Växtlighet på taken i innerstaden"),
    ]
    index = DiscoveryIndex(mode="lexical").build(docs)
    terms = [t for r in index.similar("a", 1)[0].reasons for t in r.terms]
    assert not {"antal", "timme", "timmar", "rapporterade", "rapporterad"} & set(terms)
