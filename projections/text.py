"""Japanese text as the read models search it (pure): NFKC, lower case, white space collapsed,
kana folded (たくしー finds タクシー), and `LIKE` patterns that take the typed text literally.

The library's search (`projections.library.search`) and the case list's free-text filter
both normalise with these, when storing and when querying; read models do not import each
other, so what they share lives here.
"""

from __future__ import annotations

import re
import unicodedata

_SPACE = re.compile(r"\s+")
_FOLD = str.maketrans(
    {chr(c): chr(c - 0x60) for c in [*range(0x30A1, 0x30F7), 0x30FD, 0x30FE]}
    | dict(zip("ぁぃぅぇぉっゃゅょゎゕゖぢづゔ", "あいうえおつやゆよわかけじずぶ", strict=True))
    | dict(zip("ァィゥェォッャュョヮヵヶヂヅヴ", "あいうえおつやゆよわかけじずぶ", strict=True))
)
_DASH_AFTER_KANA = re.compile(r"(?<=[\u3041-\u309f\u30a0-\u30ffー])[-~〜‐‑‒–—―−ｰ]")


def fold_kana(text: str) -> str:
    """Katakana as hiragana, small kana as large, ぢづゔ as じずぶ, a dash after kana as ー.

    One character for one character, so positions in the folded text are those of its input.
    """
    return _DASH_AFTER_KANA.sub("ー", text).translate(_FOLD)


def basic(text: str) -> str:
    """NFKC, lower case, white space collapsed (no kana folding): what the analyser reads."""
    return _SPACE.sub(" ", unicodedata.normalize("NFKC", text).lower()).strip()


def normalise(text: str) -> str:
    """`basic` then kana folding: used both when storing and when querying."""
    return fold_kana(basic(text))


def words(text: str) -> tuple[str, ...]:
    """The normalised words of a typed text (全角 spaces split too, by NFKC), once each."""
    return tuple(dict.fromkeys(w for w in normalise(text).split(" ") if w))


def like_pattern(text: str) -> str:
    """`%text%` with LIKE's wildcards escaped (use with `ESCAPE '\\'`)."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"
