"""Exact and near-duplicate detection across a run and everything already stored.

Exact: the SHA-256 of the normalized text (NFKC, case-folded, whitespace collapsed).
Near: MinHash signatures of word 3-shingles in a datasketch LSH index; a candidate counts
as a duplicate when its estimated Jaccard similarity reaches ``threshold`` (0.8 by default:
a wire story re-published with a changed headline, byline or a sentence added).
Translations are not duplicates: they share no shingles; cross-language reports of one
happening are linked later, as incidents.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
from datasketch import MinHash, MinHashLSH

from dateline.model import content_hash, normalize_text

NUM_PERM = 128
SHINGLE = 3
DEFAULT_THRESHOLD = 0.8
SCHEME = "affine32"  # datasketch's permutation scheme; stored signatures depend on it
_WORD = re.compile(r"\w+", re.UNICODE)


@dataclass(frozen=True)
class Duplicate:
    of: str  # id of the first article
    kind: str  # "exact" | "near"
    similarity: float


def shingles(text: str, size: int = SHINGLE) -> set[str]:
    words = _WORD.findall(normalize_text(text))
    if len(words) < size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> MinHash:
    mh = MinHash(num_perm=NUM_PERM, scheme=SCHEME)
    mh.update_batch([s.encode("utf-8") for s in shingles(text)])
    return mh


def signature_bytes(mh: MinHash) -> bytes:
    return mh.hashvalues.astype(np.uint64).tobytes()


def signature_from_bytes(data: bytes) -> MinHash:
    values = np.frombuffer(data, dtype=np.uint64).copy()
    return MinHash(num_perm=NUM_PERM, hashvalues=values, scheme=SCHEME)


class Deduplicator:
    """Remembers articles seen (hash and MinHash) and says whether a new one repeats one."""

    def __init__(self, threshold: float = DEFAULT_THRESHOLD) -> None:
        self.threshold = threshold
        self._hashes: dict[str, str] = {}
        self._signatures: dict[str, MinHash] = {}
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)

    def __len__(self) -> int:
        return len(self._signatures)

    def load(self, known: Iterable[tuple[str, str, bytes | None]]) -> None:
        """Seed with stored articles: (id, content_hash, signature bytes or None)."""
        for article_id, digest, sig in known:
            mh = signature_from_bytes(sig) if sig else None
            self._remember(article_id, digest, mh)

    def check(self, article_id: str, text: str) -> tuple[Duplicate | None, MinHash]:
        """Whether ``text`` repeats a known article other than ``article_id``; its signature."""
        digest = content_hash(text)
        first = self._hashes.get(digest)
        mh = signature(text)
        if first is not None and first != article_id:
            return Duplicate(first, "exact", 1.0), mh
        best: tuple[float, str] | None = None
        for candidate in self._lsh.query(mh):
            if candidate == article_id:
                continue
            sim = float(mh.jaccard(self._signatures[candidate]))
            if sim >= self.threshold and (best is None or (sim, candidate) > best):
                best = (sim, candidate)
        if best is not None:
            return Duplicate(best[1], "near", round(best[0], 4)), mh
        return None, mh

    def add(self, article_id: str, text: str, mh: MinHash | None = None) -> None:
        self._remember(article_id, content_hash(text), mh or signature(text))

    def _remember(self, article_id: str, digest: str, mh: MinHash | None) -> None:
        self._hashes.setdefault(digest, article_id)
        if mh is None:
            return
        if article_id in self._signatures:  # the same article, re-ingested with a new text
            self._lsh.remove(article_id)
        self._signatures[article_id] = mh
        self._lsh.insert(article_id, mh)
