"""TF-IDF vectors of feature-token lists, computed with numpy from a fitted vectoriser's
vocabulary and idf weights.

Why not call TfidfVectorizer.transform at review time: it joins each draft's tokens into a
string, splits it again with a regex and builds every bigram as a new string, which took more
time than all the models together (benchmarks/bench_breakdown.py); and importing scikit-learn
and skops adds about 90 MB to a process that only wants to review. The arithmetic is the same
as scikit-learn's for `TfidfVectorizer(token_pattern=r"\\S+", lowercase=False,
ngram_range=(1, 2), sublinear_tf=True, norm="l2")`: counts of unigrams and bigrams,
1 + log(count), times idf, rows scaled to unit length. tests/test_features.py checks it against
scikit-learn on edge cases, tests/test_artifacts.py on every corpus draft.
"""
from __future__ import annotations

from dataclasses import dataclass
from itertools import repeat
from typing import Any, Mapping, Sequence

import numpy as np
from scipy import sparse

#: The vectoriser settings this module reproduces (checked when converting a fitted one).
SUPPORTED_SETTINGS: dict[str, Any] = {
    "analyzer": "word", "token_pattern": r"\S+", "lowercase": False, "ngram_range": (1, 2),
    "sublinear_tf": True, "norm": "l2", "use_idf": True, "binary": False, "stop_words": None,
    "preprocessor": None, "tokenizer": None, "vocabulary": None, "max_df": 1.0, "max_features": None,
}


@dataclass(frozen=True, eq=False)
class TermIndex:
    """A fitted word uni/bigram TF-IDF vocabulary in a form numpy can apply quickly.

    Unigrams get ids 0..V-1 (V = number of unigrams; V itself marks an unknown token). A bigram
    (a, b) is looked up by the integer key a * (V + 1) + b in a sorted array, so one
    `searchsorted` finds every bigram of a batch.
    """

    unigrams: tuple[str, ...]
    unigram_columns: np.ndarray  # int64 [V]: feature column of each unigram
    bigram_keys: np.ndarray  # int64, sorted
    bigram_columns: np.ndarray  # int64, aligned with bigram_keys
    idf: np.ndarray  # float32 [n_features]

    def __post_init__(self) -> None:
        object.__setattr__(self, "_ids", {term: i for i, term in enumerate(self.unigrams)})

    def __repr__(self) -> str:
        return f"TermIndex({len(self.unigrams)} unigrams, {len(self.bigram_keys)} bigrams)"

    @property
    def n_features(self) -> int:
        return int(self.idf.shape[0])

    @classmethod
    def from_vectorizer(cls, vectorizer: Any) -> "TermIndex":
        """Convert a fitted scikit-learn TfidfVectorizer with SUPPORTED_SETTINGS."""
        params = vectorizer.get_params()
        wrong = {k: params.get(k) for k, v in SUPPORTED_SETTINGS.items() if params.get(k) != v}
        if wrong:
            raise ValueError(f"unsupported vectoriser settings: {wrong}")
        vocabulary: Mapping[str, int] = vectorizer.vocabulary_
        unigrams = tuple(sorted(t for t in vocabulary if " " not in t))
        ids = {t: i for i, t in enumerate(unigrams)}
        width = len(unigrams) + 1
        keys, columns = [], []
        for term, column in vocabulary.items():
            if " " in term:
                first, second = term.split(" ")
                # With min_df as the only filter (no max_df, max_features or fixed vocabulary),
                # a kept bigram's words are kept unigrams: a document with the bigram has both.
                if first not in ids or second not in ids:
                    raise ValueError(f"bigram {term!r} has a word outside the unigram vocabulary")
                keys.append(ids[first] * width + ids[second])
                columns.append(column)
        order = np.argsort(keys, kind="stable")
        return cls(unigrams, np.asarray([vocabulary[t] for t in unigrams], dtype=np.int64),
                   np.asarray(keys, dtype=np.int64)[order], np.asarray(columns, dtype=np.int64)[order],
                   np.asarray(vectorizer.idf_, dtype=np.float32))

    def to_arrays(self, prefix: str) -> dict[str, np.ndarray]:
        """Plain arrays (no objects) for an .npz artifact."""
        return {f"{prefix}unigrams": np.asarray(self.unigrams, dtype=str),
                f"{prefix}unigram_columns": self.unigram_columns, f"{prefix}bigram_keys": self.bigram_keys,
                f"{prefix}bigram_columns": self.bigram_columns, f"{prefix}idf": self.idf}

    @classmethod
    def from_arrays(cls, arrays: Mapping[str, np.ndarray], prefix: str) -> "TermIndex":
        """Rebuild from to_arrays() output, checking that the parts fit together."""
        unigrams = tuple(arrays[f"{prefix}unigrams"].tolist())
        index = cls(unigrams, arrays[f"{prefix}unigram_columns"].astype(np.int64),
                    arrays[f"{prefix}bigram_keys"].astype(np.int64),
                    arrays[f"{prefix}bigram_columns"].astype(np.int64), arrays[f"{prefix}idf"].astype(np.float32))
        n, width = index.n_features, len(unigrams) + 1
        columns = np.concatenate([index.unigram_columns, index.bigram_columns])
        keys = index.bigram_keys
        if (len(index.unigram_columns) != len(unigrams) or len(set(unigrams)) != len(unigrams)
                or len(keys) != len(index.bigram_columns)
                or len(columns) != n or not np.array_equal(np.sort(columns), np.arange(n))
                or np.any(np.diff(keys) <= 0) or np.any(keys < 0)
                or np.any(keys // width >= width - 1) or np.any(keys % width >= width - 1)
                or not np.isfinite(index.idf).all()):
            raise ValueError(f"inconsistent term index {prefix!r}")
        return index

    def transform(self, token_lists: Sequence[Sequence[str]]) -> sparse.csr_matrix:
        """One L2-normalised TF-IDF row per token list (float32 CSR, like scikit-learn's)."""
        n = len(token_lists)
        unknown = len(self.unigrams)
        get = self._ids.get  # type: ignore[attr-defined]
        ids: list[int] = []
        lengths = np.empty(n, dtype=np.int64)
        for row, tokens in enumerate(token_lists):
            ids.extend(map(get, tokens, repeat(unknown)))
            ids.append(unknown)  # a separator: no bigram spans two rows
            lengths[row] = len(tokens) + 1
        id_array = np.asarray(ids, dtype=np.int64)
        rows = np.repeat(np.arange(n, dtype=np.int64), lengths)

        known = id_array < unknown
        keys = id_array[:-1] * (unknown + 1) + id_array[1:]
        if len(self.bigram_keys):
            pos = np.searchsorted(self.bigram_keys, keys)
            np.minimum(pos, len(self.bigram_keys) - 1, out=pos)
            hit = self.bigram_keys[pos] == keys
            bigram_rows, bigram_cols = rows[:-1][hit], self.bigram_columns[pos[hit]]
        else:
            bigram_rows = bigram_cols = np.zeros(0, dtype=np.int64)
        all_rows = np.concatenate([rows[known], bigram_rows])
        all_cols = np.concatenate([self.unigram_columns[id_array[known]], bigram_cols])
        counts = sparse.csr_matrix((np.ones(len(all_rows), dtype=np.float32), (all_rows, all_cols)),
                                   shape=(n, self.n_features), dtype=np.float32)
        counts.sum_duplicates()
        data = counts.data
        np.log(data, out=data)
        data += 1
        data *= self.idf[counts.indices]
        row_of = np.repeat(np.arange(n), np.diff(counts.indptr))
        norms = np.sqrt(np.bincount(row_of, weights=data.astype(np.float64) ** 2, minlength=n))
        data /= norms[row_of].astype(np.float32)
        return counts
