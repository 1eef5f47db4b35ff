"""The embedding LRU cache shared by query embedding and lazily embedded answer sentences."""

from __future__ import annotations

import numpy as np

from service.embedders import HashingEmbedder, VectorCache


class CountingEncoder:
    def __init__(self) -> None:
        self.calls: list[list[str]] = []
        self.embedder = HashingEmbedder()

    def __call__(self, texts: list[str]) -> np.ndarray:
        self.calls.append(list(texts))
        return self.embedder.encode(texts)


def test_only_what_is_missing_is_embedded_in_one_batch() -> None:
    encode = CountingEncoder()
    cache = VectorCache(encode, size=10)
    first = cache.vectors([("a", "alpha"), ("b", "beta"), ("a", "alpha")])
    assert encode.calls == [["alpha", "beta"]]
    assert np.allclose(first[0], first[2])
    cache.vectors([("b", "beta"), ("c", "gamma")])
    assert encode.calls[-1] == ["gamma"]


def test_the_least_recently_used_key_is_evicted() -> None:
    encode = CountingEncoder()
    cache = VectorCache(encode, size=2)
    cache.vectors([(1, "one"), (2, "two")])
    cache.vectors([(1, "one")])  # 1 is now the most recent
    cache.vectors([(3, "three")])  # evicts 2
    cache.vectors([(1, "one"), (2, "two")])
    assert encode.calls[-1] == ["two"]


def test_size_zero_caches_nothing() -> None:
    encode = CountingEncoder()
    cache = VectorCache(encode, size=0)
    cache.vectors([("a", "alpha")])
    cache.vectors([("a", "alpha")])
    assert encode.calls == [["alpha"], ["alpha"]]
