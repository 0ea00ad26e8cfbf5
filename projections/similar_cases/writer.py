"""The similar-cases writer: the staging rows of `cases` with the generic writer, then, for
each change in order, the case indexed again if its compared text changed.

Invariant (tested against a brute force): every indexed case's `neighbours` are the
`NEIGHBOURS` best other indexed cases by the dot product of their stored signatures, among
its candidates: the cases in the `PER_GRAM` heaviest postings of one of its grams, of which
the `RESCORED` best by those postings (every case that shares a gram, in a library where no
gram has more postings than that: the lists are then exactly the best).
- a publication bumps the document frequencies of its grams, weighs its own, keeps its
  signature as postings, finds its candidates through the heaviest postings of those grams
  (never a scan), keeps its best, and enters the lists of the candidates it ranks into;
- a withdrawal takes its grams out of the frequencies, its postings and its list away, and
  refills from the postings every list it leaves;
- a correction of the compared text is a withdrawal then a publication of the new text.
Change by change, never per batch: the same events give the same rows however batched.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, cast

from projections.engine import Change, Db, Delete, Dialect, Tables, Update, Upsert
from projections.engine.writer import SqlWriter, db_value, execute_many, text_array
from projections.similar_cases.vectors import (
    NEIGHBOURS,
    PER_GRAM,
    RESCORED,
    Vector,
    best,
    grams,
    scores,
    signature,
    similarity_text,
    weights,
)

ALL = ""
"""The gram under which `grams` counts the indexed cases (no gram is empty)."""
CHUNK = 400
"""Values per statement on SQLite (well under its limit of bound parameters). PostgreSQL
takes a list as one array parameter (`= ANY(%s)`, `unnest(%s)`) and rows as arrays: the same
statement text whatever the number of values, so psycopg parses and prepares it once,
instead of once per length of an `IN (…)` list."""


_ARRAY_TYPES = {"gram": "text", "case_id": "text", "other_id": "text"}
_ARRAY_TYPES |= {"weight": "float8", "score": "float8"}
"""On PostgreSQL many rows go as one statement of column arrays (`unnest`): a publication
writes hundreds of postings and gram counts, which were as many statements."""


class SimilarCasesWriter(SqlWriter):
    """The changes one by one, each case indexed again as its staging row then stands. The
    rows of a batch's cases are read once at its start and followed in memory through it,
    their changes written together first (`staged = False`: each change written, then its
    row read back, as the tests compare)."""

    staged = True

    def __init__(self, per_gram: int = PER_GRAM, rescored: int = RESCORED) -> None:
        super().__init__()
        self.per_gram, self.rescored = per_gram, rescored

    def apply(self, db: Db, dialect: Dialect, tables: Tables, changes: Sequence[Change]) -> None:
        index = Index(db, dialect, tables, self.per_gram, self.rescored)
        followed = self.staged and all(map(_followed, changes))
        staged = index.staged(changes) if followed else None
        if staged is not None:
            # Followed in memory, the staging rows are not read back, and the index writes
            # other columns of them (`indexed`, `last_score`): the batch's rows go first,
            # together (a build from 0 sent its 2,000 opened cases one statement each).
            super().apply(db, dialect, tables, changes)
        for change in changes:
            case_id = str(change.key["case_id"])
            if staged is None:
                super().apply(db, dialect, tables, [change])
                index.follow(case_id)
                continue
            row = staged.get(case_id)
            if isinstance(change, Upsert):
                row = staged.setdefault(case_id, dict.fromkeys(_STAGED))
                row.update({column: db_value(v) for column, v in change.values.items()})
            elif row is not None:
                assert isinstance(change, Update)
                row.update({column: db_value(v) for column, v in change.set.items()})
            index.reindex(case_id, row)
        index.flush()


_STAGED = ("fields", "story", "indexed")
"""A case's staging columns the writer follows: its texts, and the text it was indexed on."""


def _followed(change: Change) -> bool:
    """Whether the writer can follow a change of `cases` in memory (what the projection
    writes: an upsert or an unguarded update of a case's texts, by its key)."""
    if change.table != "cases" or set(change.key) != {"case_id"}:
        return False
    if isinstance(change, Upsert):
        return not change.increment and set(change.values) <= set(_STAGED)
    if isinstance(change, Update):
        plain = not (change.increment or change.greatest or change.when)
        return plain and set(change.set) <= set(_STAGED)
    return False


def _last_score(ranked: list[tuple[str, float]]) -> float | None:
    """The score a newcomer must reach to enter a full list (None: not full)."""
    return ranked[-1][1] if len(ranked) >= NEIGHBOURS else None


class Index:
    """The postings and neighbour lists of one store's read model, inside one transaction."""

    def __init__(
        self, db: Db, dialect: Dialect, tables: Tables, per_gram: int, rescored: int
    ) -> None:
        self.db, self.dialect, self.p, self.t = db, dialect, dialect.param, tables
        self.arrays = dialect is Dialect.POSTGRES
        self.per_gram, self.rescored = per_gram, rescored
        self.df: dict[str, int] = {}
        """The document frequencies of the grams met in this batch, as its changes left
        them (0: no case holds it)."""
        self.stepped: set[str] = set()
        """The grams whose frequency changed since the last `flush`."""

    def staged(self, changes: Sequence[Change]) -> dict[str, dict[str, Any]]:
        """The staging rows of the cases `changes` name, as they stand before them, read in
        a statement or two (`follow` then reads none per change: on PostgreSQL each was a
        round trip, 2,183 of a build's 2,904 reads at 2,000 generated cases)."""
        cases = sorted({str(change.key["case_id"]) for change in changes})
        columns = f"case_id, {', '.join(_STAGED)}"
        return {
            str(row[0]): dict(zip(_STAGED, row[1:], strict=True))
            for row in self._each(columns, self.t["cases"], "case_id", cases)
        }

    def follow(self, case_id: str) -> None:
        """`reindex` with the case's staging row as the table holds it."""
        sql = f"SELECT {', '.join(_STAGED)} FROM {self.t['cases']} WHERE case_id = {self.p}"
        found = list(self._rows(sql, [case_id]))
        self.reindex(case_id, dict(zip(_STAGED, found[0], strict=True)) if found else None)

    def reindex(self, case_id: str, row: dict[str, Any] | None) -> None:
        """Index the case again if the text it is compared on is no longer what it was.
        `row`: its staging row (None: it has none), whose `indexed` is kept up to date."""
        if row is None:
            return
        fields, story, indexed = (row[column] for column in _STAGED)
        text = None if story is None else similarity_text(json.loads(story), json.loads(fields))
        if text == indexed:
            return
        if indexed is not None:
            self.leave(case_id, indexed)
        if text is not None:
            self.enter(case_id, text)
        self.db.execute(
            f"UPDATE {self.t['cases']} SET indexed = {self.p} WHERE case_id = {self.p}",
            [text, case_id],
        )
        row["indexed"] = text

    def enter(self, case_id: str, text: str) -> None:
        counts = grams(text)
        self._count([ALL, *sorted(counts)], +1)
        df = self._frequencies([ALL, *sorted(counts)])
        mine = signature(weights(counts, df, df[ALL]), df)
        rows = [(g, case_id, w) for g, w in sorted(mine.items())]
        self._insert("postings", ("gram", "case_id", "weight"), rows)
        scored = self._candidates(mine, case_id, df)
        self._replace(case_id, best(scored))
        self._rank_into(case_id, scored)

    def leave(self, case_id: str, text: str) -> None:
        self._count([ALL, *sorted(grams(text))], -1)
        p, t = self.p, self.t
        self.db.execute(f"DELETE FROM {t['postings']} WHERE case_id = {p}", [case_id])
        self._replace(case_id, [])
        left = self._column(f"SELECT case_id FROM {t['neighbours']} WHERE other_id = {p}", case_id)
        self.db.execute(f"DELETE FROM {t['neighbours']} WHERE other_id = {p}", [case_id])
        for other in sorted(set(left)):
            self.refill(other)

    def refill(self, case_id: str) -> None:
        """A case's list again from its postings (a case it listed has left)."""
        sql = f"SELECT gram, weight FROM {self.t['postings']} WHERE case_id = {self.p}"
        mine = {str(g): float(w) for g, w in self._rows(sql, [case_id])}
        self._replace(case_id, best(self._candidates(mine, case_id)))

    def _rank_into(self, case_id: str, scored: Vector) -> None:
        """Enter the lists of the cases whose last place this case beats (or not yet full):
        their last scores first, then only the lists it may enter, whole."""
        t, p, cases = self.t["neighbours"], self.p, self.t["cases"]
        contenders = [
            str(other)
            for other, last in self._each("case_id, last_score", cases, "case_id", sorted(scored))
            if last is None or scored[str(other)] >= float(last)
        ]
        lists: dict[str, dict[str, float]] = {o: {} for o in contenders}
        for owner, other, score in self._each("case_id, other_id, score", t, "case_id", contenders):
            lists[str(owner)][str(other)] = float(score)
        entered, gone, lasts = [], [], []
        for other in sorted(contenders):
            ranked = best({**lists[other], case_id: scored[other]})
            kept = dict(ranked)
            if case_id not in kept:
                continue
            entered.append((other, case_id, scored[other]))
            gone += [(other, left) for left in sorted(set(lists[other]) - set(kept))]
            lasts.append((_last_score(ranked), other))
        # The rows that leave the lists and the lists' last scores: one `executemany` each,
        # every row by its key. (Joined to arrays, PostgreSQL scanned the whole table on a
        # version without statistics, slower with every publication.)
        if gone:
            sql = f"DELETE FROM {t} WHERE case_id = {p} AND other_id = {p}"
            execute_many(self.db, sql, gone)
        self._lasts(lasts)
        self._insert("neighbours", ("case_id", "other_id", "score"), entered)

    def _replace(self, case_id: str, ranked: list[tuple[str, float]]) -> None:
        self.db.execute(f"DELETE FROM {self.t['neighbours']} WHERE case_id = {self.p}", [case_id])
        rows = [(case_id, other, score) for other, score in ranked]
        self._insert("neighbours", ("case_id", "other_id", "score"), rows)
        self._lasts([(_last_score(ranked), case_id)])

    def _lasts(self, rows: Sequence[tuple[float | None, str]]) -> None:
        """Lists' last scores, `(score, case id)` rows, each by its key."""
        if rows:
            sql = f"UPDATE {self.t['cases']} SET last_score = {self.p} WHERE case_id = {self.p}"
            execute_many(self.db, sql, rows)

    def _candidates(
        self, mine: Mapping[str, float], case_id: str, df: Mapping[str, int] | None = None
    ) -> Vector:
        """Other cases' scores against `mine`: the cases in each gram's heaviest postings,
        the best of them by the postings read, scored on their whole signatures. Where no
        gram's postings were cut short, those read are every shared posting: no second read.
        `df`: the grams' document frequencies, if known."""
        ordered = sorted(mine)
        if df is None:
            df = self._frequencies(ordered)
        rare = self._shared([g for g in ordered if df.get(g, 0) <= self.per_gram], case_id)
        heaviest, cut = self._heaviest(
            [g for g in ordered if df.get(g, 0) > self.per_gram], case_id
        )
        kept = dict(best(scores(mine, rare + heaviest), self.rescored))
        if not cut:
            return kept
        if self.arrays:
            # Each case's postings by its index, then those on my grams through a hashed set.
            # Asked inside the lookup, the grams chose the index by gram while the table had
            # no statistics: 61 ms a statement at 6,000 generated cases; this way none took
            # 8 ms (PostgreSQL's slow-statement log), and the build 13.4 s instead of 22.0.
            p = self.p
            cases, cases_param = text_array(p, sorted(kept))
            mine_grams, grams_param = text_array(p, ordered)
            sql = (
                f"SELECT r.* FROM unnest({cases}) AS k(v) CROSS JOIN LATERAL (SELECT "
                f"case_id, gram, weight FROM {self.t['postings']} WHERE case_id = k.v OFFSET 0)"
                f" AS r WHERE r.gram IN (SELECT unnest({mine_grams}))"
            )
            rows = self._rows(sql, [cases_param, grams_param])
        else:
            in_mine, shared = self.dialect.one_of("gram", ordered)
            columns, postings = "case_id, gram, weight", self.t["postings"]
            rows = self._each(columns, postings, "case_id", sorted(kept), in_mine, shared)
        return scores(mine, self._postings(rows))

    def _shared(self, grams: Sequence[str], case_id: str) -> list[tuple[str, str, float]]:
        """Every other case's postings on these grams (each held by few cases)."""
        found = self._each("case_id, gram, weight", self.t["postings"], "gram", grams)
        return [row for row in self._postings(found) if row[0] != case_id]

    def _each(
        self,
        columns: str,
        table: str,
        key: str,
        values: Sequence[str],
        also: str = "",
        also_params: Sequence[Any] = (),
    ) -> list[Sequence[Any]]:
        """The rows of `table` whose `key` is one of `values` (and `also` holds). On
        PostgreSQL, one index lookup per value whatever the planner's statistics say: a
        version built from nothing has none until it is analysed (`ReadStore.tidy`, or
        autovacuum where it runs), and `key = ANY(…)` was then planned as a scan of the whole
        table — postings by gram 19 ms at 2,800 published cases, growing with the library,
        against 0.2 ms this way. On SQLite, an `IN` list (its planner uses the index)."""
        found: list[Sequence[Any]] = []
        for chunk in self._chunks(values, CHUNK // 2):
            condition = f" AND {also}" if also else ""
            if self.arrays:
                keys, keys_param = text_array(self.p, chunk)
                sql = (
                    f"SELECT r.* FROM unnest({keys}) AS k(v) CROSS JOIN LATERAL "
                    f"(SELECT {columns} FROM {table} WHERE {key} = k.v{condition} OFFSET 0) AS r"
                )  # OFFSET 0: not flattened into a join the planner may scan
                params: list[Any] = [keys_param, *also_params]
            else:
                where, params = self.dialect.one_of(key, chunk)
                sql = f"SELECT {columns} FROM {table} WHERE {where}{condition}"
                params += also_params
            found += self._rows(sql, params)
        return found

    def _heaviest(
        self, grams: Sequence[str], case_id: str
    ) -> tuple[list[tuple[str, str, float]], bool]:
        """Each gram's `per_gram` heaviest postings of other cases (ties by case id), and
        whether any gram may have had more."""
        t, p, limit = self.t["postings"], self.p, self.per_gram
        one = (
            f"SELECT case_id, gram, weight FROM {t} WHERE gram = {{gram}} AND case_id <> {p} "
            f"ORDER BY weight DESC, case_id LIMIT {p}"
        )
        read: list[tuple[str, str, float]] = []
        for chunk in self._chunks(grams, CHUNK // 4):
            if self.arrays:
                grams_sql, grams_param = text_array(p, chunk)
                sql = (
                    f"SELECT h.case_id, h.gram, h.weight FROM unnest({grams_sql}) AS g(gram) "
                    f"CROSS JOIN LATERAL ({one.format(gram='g.gram')}) AS h"
                )
                params: list[Any] = [grams_param, case_id, limit]
            else:
                sql = " UNION ALL ".join(f"SELECT * FROM ({one.format(gram=p)})" for _ in chunk)
                params = [value for gram in chunk for value in (gram, case_id, limit)]
            read += self._postings(self._rows(sql, params))
        return read, any(n >= limit for n in Counter(gram for _, gram, _ in read).values())

    def _count(self, keys: Sequence[str], step: int) -> None:
        """Add `step` to the document frequency of each gram (written by `flush`)."""
        self._known(keys)
        for key in keys:
            self.df[key] += step
            self.stepped.add(key)

    def _frequencies(self, keys: Sequence[str]) -> dict[str, int]:
        """The grams' document frequencies as the changes so far left them (a gram no case
        holds: absent)."""
        self._known(keys)
        df = self.df
        return {key: n for key in keys if (n := df[key]) > 0}

    def _known(self, keys: Sequence[str]) -> None:
        """The stored frequencies of the grams not met yet in this batch, each looked up by
        its key (`_each`: asked as `gram = ANY(…)` of a table without statistics,
        PostgreSQL scanned the whole table, 90 ms a statement towards 1,500 cases)."""
        missing = [key for key in dict.fromkeys(keys) if key not in self.df]
        if missing:
            rows = self._each("gram, df", self.t["grams"], "gram", missing)
            found = {str(g): int(n) for g, n in rows}
            self.df.update((key, found.get(key, 0)) for key in missing)

    def flush(self) -> None:
        """Write the frequencies the batch changed: each gram once, however many of its
        publications and withdrawals counted it (a gram at 0 is deleted). Counted in the
        table at each publication, a common gram's row was updated tens of times a batch,
        and every lookup of it walked the versions the transaction had left."""
        changed = sorted(self.stepped)
        self.stepped.clear()
        kept = [Upsert("grams", {"gram": g}, {"df": self.df[g]}) for g in changed if self.df[g]]
        gone = [Delete("grams", {"gram": g}) for g in changed if not self.df[g]]
        SqlWriter().apply(self.db, self.dialect, self.t, [*kept, *gone])

    def _insert(self, table: str, columns: Sequence[str], rows: Sequence[tuple[Any, ...]]) -> None:
        into = f"INSERT INTO {self.t[table]} ({', '.join(columns)})"
        if self.arrays:
            if rows:
                arrays: list[str] = []
                columnwise: list[Any] = []
                for column, column_values in zip(columns, zip(*rows, strict=True), strict=True):
                    if _ARRAY_TYPES[column] == "text":
                        sql, param = text_array(self.p, column_values)
                    else:
                        sql, param = f"{self.p}::{_ARRAY_TYPES[column]}[]", list(column_values)
                    arrays.append(sql)
                    columnwise.append(param)
                self.db.execute(f"{into} SELECT * FROM unnest({', '.join(arrays)})", columnwise)
            return
        row = f"({', '.join(self.p for _ in columns)})"
        for chunk in self._chunks(rows):
            values = [value for r in chunk for value in r]
            self.db.execute(f"{into} VALUES {', '.join(row for _ in chunk)}", values)

    def _chunks(self, values: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
        """The values in statements' worth (`size` on SQLite): all at once on PostgreSQL."""
        size = len(values) if self.arrays else size
        for start in range(0, len(values), max(size, 1)):
            yield values[start : start + size]

    def _postings(self, rows: Sequence[Sequence[Any]]) -> list[tuple[str, str, float]]:
        """Rows of (case id, gram, weight) as postings: as they are when the first one's
        values are of those types (a column gives all its rows the same type on both
        stores), else each converted."""
        if not rows:
            return []
        c, g, w = rows[0]
        if type(c) is str and type(g) is str and type(w) is float and isinstance(rows, list):
            return cast("list[tuple[str, str, float]]", rows)
        return [(str(c), str(g), float(w)) for c, g, w in rows]

    def _rows(self, sql: str, params: Sequence[Any]) -> Sequence[Sequence[Any]]:
        """The rows as sequences (PostgreSQL's come as mappings): one look at the first, not
        at each of the hundred thousand postings a build reads."""
        rows: list[Any] = self.db.execute(sql, params).fetchall()
        if rows and isinstance(rows[0], Mapping):
            return [tuple(row.values()) for row in rows]
        return rows

    def _column(self, sql: str, *params: Any) -> list[str]:
        return [str(r[0]) for r in self._rows(sql, params)]
