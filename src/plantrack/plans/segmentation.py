"""Chinese word segmentation (分词) for the plan search, with jieba loaded once per process and only when needed.

jieba reads its dictionary on first use (about a second), so nothing here imports it at module load: `plantrack
parse` and pages that never search stay fast.
"""

from __future__ import annotations

import logging
import re
import threading
from functools import lru_cache
from typing import Any

_lock = threading.Lock()
_tokenizer: Any = None
_WORD = re.compile(r"\w")
# Function words that would match almost every sentence; dropped from a query unless it holds nothing else.
_QUERY_STOPWORDS = frozenset("的 和 与 及 了 在 是 等 对 为 把 将 或".split())


def tokenizer() -> Any:
    """The process-wide jieba tokenizer, initialised on first call."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tk = jieba.Tokenizer()
                tk.initialize()
                _tokenizer = tk
    return _tokenizer


@lru_cache(maxsize=50_000)
def index_tokens(sentence: str) -> str:
    """The search-mode tokens of a sentence, lower-cased, space-separated and space-wrapped (" 氢能 产业 ")."""
    words = [w.strip().lower() for w in tokenizer().cut_for_search(sentence)]
    return " " + " ".join(w for w in words if w and _WORD.search(w)) + " "


def query_terms(query: str) -> list[str]:
    """The distinct words of a search query, in order (precise-mode segmentation)."""
    words: list[str] = []
    for w in tokenizer().cut(query.strip().lower()):
        w = w.strip()
        if w and _WORD.search(w) and w not in words:
            words.append(w)
    content = [w for w in words if w not in _QUERY_STOPWORDS]
    return content or words
