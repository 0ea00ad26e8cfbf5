"""The search's word lists, kept as data beside the code: `data/variants.tsv` (表記ゆれ) and
`data/synonyms.tsv` (類義語・略語). One group per line, spellings separated by tabs, `#` notes.

They are applied to the query only (a term also matches as any spelling of its groups), never
stored in the index: a chief edits a file and the next search uses it, nothing is rebuilt.
The files are read again when their size or modification time changes; `digest` names the
content in use (shown by the bench and useful in a support call).

A site keeps its own lists outside the installed code: the composition root names a folder
(`KYODO_DATA_DIR/search-words`, `use_site_directory`), and a file there replaces the shipped
file of the same name; `kyodo search-words --init` copies the shipped lists there to edit.
"""

from __future__ import annotations

import hashlib
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
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


@cache
def data_dir() -> Path:
    """The shipped lists' folder (looked up once: `importlib.resources` at every search was
    a tenth of the library's own time per search)."""
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
        self.site: Path | None = None


_cache = _Cache()


def use_site_directory(directory: Path | None) -> None:
    """The folder whose `variants.tsv` and `synonyms.tsv`, where present, replace the shipped
    ones (None: the shipped lists only). Set once by the composition root."""
    with _cache.lock:
        _cache.site = directory


def sources(directory: Path | None = None) -> tuple[Path, Path]:
    """The two files in use: those in `directory` if given; otherwise each list from the site's
    folder where it has one, else the package's `data/`."""
    return _found(directory)[0]


Found = tuple[tuple[Path, Path], tuple[object, ...]]


def _found(directory: Path | None) -> Found:
    """The two files in use and their stamp (path, size, time): one `stat` a file, two where
    the site has no file of its own (asked at every search)."""
    folders = [directory] if directory is not None else [_cache.site, data_dir()]
    paths: list[Path] = []
    stamp: list[object] = []
    for name in (VARIANTS, SYNONYMS):
        candidates = [folder / name for folder in folders if folder is not None]
        for path in candidates:
            stat = _stat(path)
            if stat is not None or path is candidates[-1]:
                paths.append(path)
                stamp += [str(path), stat]
                break
    return (paths[0], paths[1]), tuple(stamp)


def _stat(path: Path) -> tuple[int, int] | None:
    try:
        found = path.stat()
    except OSError:
        return None
    return found.st_size, found.st_mtime_ns


def _read(paths: tuple[Path, Path]) -> Lexicon:
    texts = [p.read_text(encoding="utf-8") if p.exists() else "" for p in paths]
    digest = hashlib.sha256("\0".join(texts).encode()).hexdigest()[:12]
    return Lexicon(parse_groups(texts[0]), parse_groups(texts[1]), digest)


def lexicon(directory: Path | None = None) -> Lexicon:
    """The lists in `directory` (default: the site's, else the package's `data/`), read again
    after an edit."""
    paths, stamp = _found(directory)
    with _cache.lock:
        if _cache.value is None or _cache.stamp != stamp:
            _cache.value, _cache.stamp = _read(paths), stamp
        return _cache.value
