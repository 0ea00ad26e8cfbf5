"""Every read operation of graphql/operations, on every case of the demo data: no internal
error, and the same answer through kyodo's lean execution (`api.graphql.fields`) as through
strawberry's own."""

from __future__ import annotations

import asyncio
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from api.container import Container
from api.graphql.context import Context
from api.graphql.extensions import DocumentCache
from api.graphql.ids import global_id
from api.graphql.schema import kyodo_schema
from api.graphql.schema import schema as lean_schema
from demo import load_demo
from domain.values import Actor
from domain.vocabulary import ActorRole
from persistence.settings import Settings
from tests.api.client import operation_document

CHIEF = Actor("chief-01", ActorRole.CHIEF_FACILITATOR, "pref")
AUDITOR = Actor("auditor-01", ActorRole.AUDITOR, None)
MEETING = Actor("meeting-01", ActorRole.MEETING, None)

PER_CASE = (
    ("facilitator", "CaseTimeline", "id", CHIEF),
    ("auditor", "CaseHistory", "id", AUDITOR),
    ("auditor", "VerifyCase", "id", AUDITOR),
    ("meeting", "SimilarCases", "id", MEETING),
    ("facilitator", "SuggestedPartners", "caseId", CHIEF),
    ("facilitator", "ProBonoCase", "caseId", CHIEF),
)
LISTS: tuple[tuple[str, str, dict[str, Any], Actor], ...] = (
    ("facilitator", "MyCases", {"first": 50}, CHIEF),
    ("auditor", "AuditCases", {}, AUDITOR),
    ("meeting", "SearchLibrary", {"query": "地域"}, MEETING),
    ("meeting", "SearchLibrary", {}, MEETING),
    ("facilitator", "PartyDirectory", {"first": 50}, CHIEF),
    ("meeting", "Meetings", {}, CHIEF),
    ("facilitator", "AttentionList", {}, CHIEF),
    ("facilitator", "ProBonoBank", {}, CHIEF),
    ("meeting", "KpiTable", {"fiscalYear": 2024}, CHIEF),
)
CLOCK = re.compile(r'"verifiedAt": "[^"]*"')


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Container, list[str]]]:
    container = Container(Settings(data_dir=Path(tmp_path_factory.mktemp("data"))))
    summary = load_demo(container.ledger)
    container.projections.run_until_caught_up()
    yield container, [global_id("Case", str(c)) for c in summary.case_ids.values()]
    container.close()


def _answers(
    container: Container, asks: list[tuple[str, str, dict[str, Any], Actor]]
) -> list[tuple[str, str]]:
    plain = kyodo_schema(lean=False)
    documents = DocumentCache()

    async def run(schema: Any, group: str, name: str, variables: Any, actor: Actor) -> str:
        text = operation_document(group, name)
        context = Context(
            container, actor, "r", introspection=False, document=documents.parse(text)
        )
        result = await schema.execute(
            text, variable_values=variables, context_value=context, operation_name=name
        )
        errors = [e.formatted for e in result.errors or []]
        answer = json.dumps({"data": result.data, "errors": errors}, ensure_ascii=False)
        return CLOCK.sub("", answer)

    async def both() -> list[tuple[str, str]]:
        found = []
        for ask in asks:
            lean = await run(lean_schema(), *ask)
            again = await run(lean_schema(), *ask)  # the operation's kept fields this time
            assert again == lean, ask
            found.append((lean, await run(plain, *ask)))
        return found

    return asyncio.run(both())


def test_every_read_answers_the_demo_data_as_strawberry_s_own_execution_does(
    demo: tuple[Container, list[str]],
) -> None:
    container, cases = demo
    asks = [(g, n, {key: c}, who) for c in cases for g, n, key, who in PER_CASE]
    asks += list(LISTS)

    answers = _answers(container, asks)

    for ask, (lean, plain) in zip(asks, answers, strict=True):
        assert lean == plain, ask[:3]
        assert "INTERNAL_SERVER_ERROR" not in lean, (ask[:3], lean[:500])
    assert sum('"errors": []' in lean for lean, _ in answers) == len(asks)
