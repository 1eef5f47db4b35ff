"""FAISS done plainly: inner product on normalised vectors, exact below a size, HNSW above."""

from __future__ import annotations

from pathlib import Path

import faiss
import numpy as np


class VectorIndex:
    """Cosine search over chunk vectors with explicit int64 ids (the chunk's row)."""

    def __init__(self, index: faiss.Index, kind: str) -> None:
        self.index = index
        self.kind = kind

    @classmethod
    def build(cls, vectors: np.ndarray, hnsw_threshold: int) -> VectorIndex:
        dim = int(vectors.shape[1])
        # Exact search is fast enough for small collections; HNSW above the threshold.
        if len(vectors) >= hnsw_threshold:
            hnsw = faiss.IndexHNSWFlat(dim, 32, faiss.METRIC_INNER_PRODUCT)
            hnsw.hnsw.efConstruction = 80
            hnsw.hnsw.efSearch = 96
            base: faiss.Index = hnsw
            kind = "hnsw"
        else:
            base = faiss.IndexFlatIP(dim)
            kind = "flat"
        index = faiss.IndexIDMap2(base)
        if len(vectors):
            index.add_with_ids(vectors, np.arange(len(vectors), dtype=np.int64))
        return cls(index, kind)

    def save(self, path: Path) -> None:
        faiss.write_index(self.index, str(path))

    @classmethod
    def load(cls, path: Path, kind: str) -> VectorIndex:
        return cls(faiss.read_index(str(path)), kind)

    def search(
        self, query: np.ndarray, k: int, allowed: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """Top-k (scores, rows) for one query vector; `allowed` restricts to those rows."""
        k = min(k, self.index.ntotal)
        if k <= 0:
            return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
        params = None
        if allowed is not None:
            if len(allowed) == 0:
                return np.zeros(0, dtype=np.float32), np.zeros(0, dtype=np.int64)
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed.astype(np.int64)))  # type: ignore[call-arg]
        scores, ids = self.index.search(query.reshape(1, -1).astype(np.float32), k, params=params)
        keep = ids[0] >= 0
        return scores[0][keep], ids[0][keep]
