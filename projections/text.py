"""Japanese text as more than one read model reads it (pure): normalised the same way when
stored and when compared, and cut into segments at white space and field separators.

Read-model folders do not import each other; the library's search and the similar cases
both normalise through here.
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


def segments(text: str) -> list[str]:
    """Runs of text between white space and field separators (no term spans two)."""
    return [s for s in _SPACE.split(text) if s]
