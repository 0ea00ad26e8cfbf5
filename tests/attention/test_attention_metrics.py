"""`/metrics` counts the open cases that need attention today, per reason."""

from __future__ import annotations

from api.metrics import Metrics
from tests.api.client import GraphQLClient
from tests.api.scenario import CaseStory


def test_the_gauge_has_a_line_per_reason() -> None:
    text = Metrics().render(attention={"idle": 2, "review_due": 0})

    assert "# TYPE kyodo_attention_cases gauge" in text
    assert 'kyodo_attention_cases{reason="idle"} 2' in text
    assert 'kyodo_attention_cases{reason="review_due"} 0' in text


def test_metrics_count_a_quiet_case(api: GraphQLClient) -> None:
    CaseStory(api).open()  # opened on 2024-05-01, quiet since: idle today

    text = api.http.get("/metrics").text

    assert 'kyodo_attention_cases{reason="idle"} 1' in text
    assert 'kyodo_attention_cases{reason="next_action_due"} 0' in text
