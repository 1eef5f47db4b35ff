"""Embedders and token counters: the real sentence-transformers model and a deterministic fake."""

from __future__ import annotations

import hashlib
import os
import re
from collections import OrderedDict
from collections.abc import Callable, Hashable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import numpy as np

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer


class Embedder(Protocol):
    """Turns texts into L2-normalised float32 vectors."""

    model_id: str
    dimension: int

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray: ...


def _normalise(vectors: np.ndarray) -> np.ndarray:
    vectors = np.asarray(vectors, dtype=np.float32)
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return np.ascontiguousarray(vectors / norms)


class VectorCache:
    """An LRU cache of embeddings: what is not cached is embedded in one batch.

    Keys name the texts (a query string, a sentence row); `size` 0 turns caching off.
    """

    def __init__(self, encode: Callable[[list[str]], np.ndarray], size: int) -> None:
        self._encode = encode
        self._size = size
        self._vectors: OrderedDict[Hashable, np.ndarray] = OrderedDict()

    def vectors(self, items: list[tuple[Hashable, str]]) -> np.ndarray:
        """One vector per (key, text) item, in order."""
        texts = dict(items)
        missing = [key for key in texts if key not in self._vectors]
        fresh = dict(zip(missing, self._encode([texts[k] for k in missing]), strict=True)) if missing else {}
        out = []
        for key, _ in items:
            vector = fresh.get(key)
            if vector is None:
                vector = self._vectors[key]
                self._vectors.move_to_end(key)
            out.append(vector)
        if self._size > 0:
            for key, vector in fresh.items():
                self._vectors[key] = vector
                if len(self._vectors) > self._size:
                    self._vectors.popitem(last=False)
        return np.stack(out)


class SentenceTransformerEmbedder:
    """all-MiniLM-L6-v2 (or another model), loaded once from a local path, never from a hub."""

    def __init__(self, model_path: str, model_id: str, batch_size: int = 64) -> None:
        # No network at run time: the bundled model is on disk.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from sentence_transformers import SentenceTransformer

        self.model: SentenceTransformer = SentenceTransformer(
            model_path, device="cpu", local_files_only=True
        )
        self.model_id = model_id
        dim = self.model.get_embedding_dimension() if hasattr(
            self.model, "get_embedding_dimension"
        ) else self.model.get_sentence_embedding_dimension()
        self.dimension = int(dim) if dim else 0
        self.batch_size = batch_size
        self.max_seq_length = int(self.model.max_seq_length or 256)

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        if not texts:
            return np.zeros((0, self.dimension), dtype=np.float32)
        vectors = self.model.encode(
            texts,
            batch_size=self.batch_size,
            show_progress_bar=progress,
            normalize_embeddings=True,
            convert_to_numpy=True,
        )
        return _normalise(vectors)


_WORD = re.compile(r"\w+|[^\w\s]")


class HashingEmbedder:
    """Deterministic fake for fast tests: hashed word and bigram features, normalised.

    Texts that share words get similar vectors, so retrieval tests behave sensibly.
    """

    def __init__(self, dimension: int = 384) -> None:
        self.dimension = dimension
        self.model_id = f"fake-hashing-{dimension}"

    def encode(self, texts: list[str], progress: bool = False) -> np.ndarray:
        out = np.zeros((len(texts), self.dimension), dtype=np.float32)
        for row, text in enumerate(texts):
            words = [w.lower() for w in re.findall(r"\w+", text)]
            feats = words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
            for feat in feats:
                h = int.from_bytes(hashlib.blake2b(feat.encode(), digest_size=8).digest(), "big")
                out[row, h % self.dimension] += 1.0 if (h >> 32) & 1 else -1.0
        return _normalise(out)


class HFTokenCounter:
    """Counts word pieces with the model's own tokenizer (the `tokenizers` library)."""

    def __init__(self, model_path: str) -> None:
        from tokenizers import Tokenizer

        path = Path(model_path) / "tokenizer.json"
        if not path.is_file():
            raise FileNotFoundError(f"no tokenizer.json in {model_path}")
        self.tokenizer = Tokenizer.from_file(str(path))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()

    def count(self, text: str) -> int:
        return len(self.tokenizer.encode(text, add_special_tokens=False).ids)

    def split(self, text: str, max_tokens: int) -> list[str]:
        return split_by_tokens(text, max_tokens, self.count)


def split_by_tokens(text: str, max_tokens: int, count: Callable[[str], int]) -> list[str]:
    """Cut text at word boundaries into pieces of at most `max_tokens` tokens."""
    parts: list[str] = []
    current: list[str] = []
    used = 0
    for word in text.split():
        n = count(word)
        if n > max_tokens:
            # A single "word" longer than the window (a URL, a hash): cut by characters.
            if current:
                parts.append(" ".join(current))
                current, used = [], 0
            parts.extend(_cut_word(word, max_tokens, count))
            continue
        if used + n > max_tokens and current:
            parts.append(" ".join(current))
            current, used = [], 0
        current.append(word)
        used += n
    if current:
        parts.append(" ".join(current))
    return parts


def _cut_word(word: str, max_tokens: int, count: Callable[[str], int]) -> list[str]:
    parts: list[str] = []
    rest = word
    while rest:
        lo, hi = 1, len(rest)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if count(rest[:mid]) <= max_tokens:
                lo = mid
            else:
                hi = mid - 1
        parts.append(rest[:lo])
        rest = rest[lo:]
    return parts


class WordTokenCounter:
    """Fake counter for fast tests: one token per word or punctuation mark."""

    def count(self, text: str) -> int:
        return len(_WORD.findall(text))

    def split(self, text: str, max_tokens: int) -> list[str]:
        return split_by_tokens(text, max_tokens, self.count)
