"""The search's word lists, kept as data beside the code: `data/variants.tsv` (表記ゆれ) and
`data/synonyms.tsv` (類義語・略語). One group per line, spellings separated by tabs, `#` notes.

They are applied to the query only (a term also matches as any spelling of its groups), never
stored in the index: a chief edits a file and the next search uses it, nothing is rebuilt.
The files are read again when their size or modification time changes; `digest` names the
content in use (shown by the bench and useful in a support call).
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

VARIANTS = "variants.tsv"
SYNONYMS = "synonyms.tsv"

Groups = tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Lexicon:
    variants: Groups
    synonyms: Groups
    digest: str


def data_dir() -> Path:
    return Path(str(resources.files("projections.library") / "data"))


def parse_groups(text: str) -> Groups:
    """Groups of two or more spellings; blank lines, notes and single words are skipped."""
    groups = []
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        words = [unicodedata.normalize("NFKC", w).strip() for w in line.split("\t")]
        group = tuple(dict.fromkeys(w for w in words if w))
        if len(group) >= 2:
            groups.append(group)
    return tuple(groups)


class _Cache:
    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.stamp: tuple[object, ...] | None = None
        self.value: Lexicon | None = None


_cache = _Cache()


def _stamp(directory: Path) -> tuple[object, ...]:
    out: list[object] = [str(directory)]
    for name in (VARIANTS, SYNONYMS):
        path = directory / name
        stat = path.stat() if path.exists() else None
        out += [stat.st_size, stat.st_mtime_ns] if stat else [None, None]
    return tuple(out)


def _read(directory: Path) -> Lexicon:
    texts = [
        (directory / n).read_text(encoding="utf-8") if (directory / n).exists() else ""
        for n in (VARIANTS, SYNONYMS)
    ]
    digest = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:12]
    return Lexicon(parse_groups(texts[0]), parse_groups(texts[1]), digest)


def lexicon(directory: Path | None = None) -> Lexicon:
    """The lists in `directory` (default: the package's `data/`), read again after an edit."""
    where = directory or data_dir()
    stamp = _stamp(where)
    with _cache.lock:
        if _cache.value is None or _cache.stamp != stamp:
            _cache.value, _cache.stamp = _read(where), stamp
        return _cache.value
