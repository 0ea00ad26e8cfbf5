"""The vocabularies of a plan's status list (実施状況一覧, seed 004), with ja/en labels.

A status is printed as its mark (◎○△×); `from_mark` reads a mark or a label back.
"""

from __future__ import annotations

from domain.vocabulary import Labelled


class ImplementationStatus(Labelled):
    """実施状況 of a plan item in one fiscal year (code, ja, en, and the mark it is printed as)."""

    DONE = "done", "実施済", "Done", "◎"
    ONGOING = "ongoing", "継続推進", "Ongoing", "○"
    PARTIAL = "partial", "一部実施", "Partly done", "△"
    CONSIDERING = "considering", "検討中", "Under consideration", "×"

    def __init__(self, code: str, ja: str = "", en: str = "", mark: str = "") -> None:
        self.mark = mark


class FutureHandling(Labelled):
    """今後の取扱い of a plan item: what the plan does with it from now on."""

    COMPLETED = "completed", "完了", "Completed"
    CONTINUED = "continued", "継続", "Continued"
    ABOLISHED = "abolished", "廃止", "Abolished"
    MERGED = "merged", "統合", "Merged into another item"


LEGEND = "実施状況：" + " ".join(f"{s.mark}{s.ja}" for s in ImplementationStatus)
"""The legend the status list prints above its table: `◎実施済 ○継続推進 △一部実施 ×検討中`."""

NOT_APPLICABLE = "-"
"""What a restated row (再掲) shows in the columns of status, handling and review note."""

RESTATED = "【再掲】"


def status_of(key: str) -> ImplementationStatus | None:
    """A status from its mark (◎, and the ○ look-alikes 〇 ◯), its code or its label."""
    key = {"〇": "○", "◯": "○", "✕": "×", "x": "×", "X": "×"}.get(key.strip(), key.strip())
    return next((s for s in ImplementationStatus if key in (s.mark, s.value, s.ja)), None)


def handling_of(key: str) -> FutureHandling | None:
    """A handling from its code or its label (完了, 継続, 廃止, 統合)."""
    return next((h for h in FutureHandling if key.strip() in (h.value, h.ja)), None)
