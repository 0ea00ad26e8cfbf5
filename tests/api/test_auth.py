"""Who may do what (DESIGN.md "Trust"): tokens, roles, and the actor on every event."""

from __future__ import annotations

import os
import stat
import time
from dataclasses import replace
from datetime import datetime, timedelta, tzinfo
from pathlib import Path

import pytest

from api.auth import AuthenticationError, TokenIssuer, jwt_secret, new_actor
from domain.vocabulary import ActorRole
from persistence.settings import Settings, SettingsError
from tests.api.client import ACTORS, GraphQLClient
from tests.api.scenario import CaseStory, day

VIEWER = "{ viewer { userId role centre } }"


def test_anonymous_requests_see_only_health(api: GraphQLClient) -> None:
    response = api.http.post("/graphql", json={"query": VIEWER})
    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"
    assert api.http.get("/healthz").json() == {"status": "ok"}


def test_a_token_signed_with_another_secret_is_refused(api: GraphQLClient) -> None:
    forged = TokenIssuer("another-secret-another-secret-another-secret").issue(ACTORS["chief"])
    response = api.http.post(
        "/graphql", json={"query": VIEWER}, headers={"Authorization": f"Bearer {forged}"}
    )
    assert response.status_code == 401


def test_the_viewer_is_the_token_s_subject_role_and_centre(api: GraphQLClient) -> None:
    data = api.run(VIEWER)
    assert data["viewer"] == {
        "userId": "fac-yamaguchi-01",
        "role": "FACILITATOR",
        "centre": "yamaguchi",
    }


def test_an_auditor_writes_nothing(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    result = story.write(
        "AddNote", {"input": {"caseId": story.case_id, "text": "監査メモ"}}, role="auditor"
    )
    assert result["__typename"] == "RuleViolation"
    assert result["code"] == "forbidden"


def test_a_facilitator_writes_only_in_their_centre_s_cases(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    result = story.write(
        "AddNote",
        {"input": {"caseId": story.case_id, "text": "他センター"}},
        role="other_facilitator",
    )
    assert result["code"] == "forbidden"


def test_a_facilitator_cannot_read_another_centre_s_case(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    response = api.operation_response(
        "facilitator", "CaseTimeline", {"id": story.case_id}, role="other_facilitator"
    )
    body = response.json()
    assert body["data"] == {"case": None}
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_a_chief_facilitator_reads_and_writes_every_case(api: GraphQLClient) -> None:
    story = CaseStory(api)
    story.open()
    result = story.step("AddNote", {"text": "統括より", "occurredOn": day(1)}, role="chief")
    assert result["version"] == 2
    data = api.operation("facilitator", "MyCases", role="chief")
    assert data["cases"]["totalCount"] == 1


def test_an_auditor_reads_every_case(api: GraphQLClient) -> None:
    CaseStory(api).open()
    assert api.operation("facilitator", "MyCases", role="auditor")["cases"]["totalCount"] == 1


def test_a_meeting_participant_does_not_browse_the_case_list(api: GraphQLClient) -> None:
    body = api.operation_response("facilitator", "MyCases", role="meeting").json()
    assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN"


def test_the_secret_file_is_created_once_with_mode_600(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data")
    first = jwt_secret(settings, environ={})
    assert jwt_secret(settings, environ={}) == first
    mode = stat.S_IMODE(os.stat(tmp_path / "data" / "jwt-secret").st_mode)
    assert mode == 0o600


def test_the_environment_can_give_the_secret(tmp_path: Path) -> None:
    settings = replace(Settings(), data_dir=tmp_path)
    given = "x" * 32
    assert jwt_secret(settings, environ={"KYODO_JWT_SECRET": given}) == given
    assert not (tmp_path / "jwt-secret").exists()


def test_a_short_secret_from_the_environment_is_refused(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="32 bytes"):
        jwt_secret(Settings(data_dir=tmp_path), environ={"KYODO_JWT_SECRET": "short"})


def test_a_token_round_trips_its_claims() -> None:
    issuer = TokenIssuer("s" * 40)
    actor = new_actor("fac-1", "facilitator", "山口市市民活動支援センター")
    assert actor.centre == "yamaguchi"
    assert issuer.verify(issuer.issue(actor)) == actor


def test_a_facilitator_account_needs_a_centre() -> None:
    with pytest.raises(ValueError, match="centre"):
        new_actor("fac-1", "facilitator", None)


def test_no_token_can_carry_the_system_role() -> None:
    with pytest.raises(ValueError, match="system"):
        new_actor("robot", ActorRole.SYSTEM.value, None)


def test_a_malformed_header_is_refused() -> None:
    with pytest.raises(AuthenticationError):
        TokenIssuer("s" * 40).actor_from_header("Basic abc")


class Revoked:
    """Revocations that refuse what `ids` holds, counting the checks."""

    def __init__(self) -> None:
        self.ids: set[str] = set()
        self.checks = 0

    def refused(self, user_id: str, token_id: str | None, issued_at: int | None) -> bool:
        self.checks += 1
        return token_id in self.ids


def test_a_token_verified_once_is_taken_again_without_its_signature_checked(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    issuer = TokenIssuer("s" * 40)
    token = issuer.issue(ACTORS["chief"])
    assert issuer.verify(token) == ACTORS["chief"]
    monkeypatch.setattr("api.auth.jwt.decode", lambda *a, **k: pytest.fail("decoded again"))

    assert issuer.verify(token) == ACTORS["chief"]


def test_a_verified_token_is_refused_once_it_expires(monkeypatch: pytest.MonkeyPatch) -> None:
    issuer = TokenIssuer("s" * 40)
    token = issuer.issue(ACTORS["chief"], valid_for=timedelta(seconds=30))
    issuer.verify(token)
    later = time.time() + 31
    monkeypatch.setattr("api.auth.time.time", lambda: later)
    monkeypatch.setattr("jwt.api_jwt.datetime", _clock_at(later))

    with pytest.raises(AuthenticationError):
        issuer.verify(token)


def test_the_revocations_are_checked_at_every_request_of_a_verified_token() -> None:
    revoked = Revoked()
    issuer = TokenIssuer("s" * 40, revocations=revoked)
    token = issuer.issue(ACTORS["chief"], token_id="t-1")
    issuer.verify(token)
    revoked.ids.add("t-1")

    with pytest.raises(AuthenticationError, match="revoked"):
        issuer.verify(token)
    assert revoked.checks == 2


def _clock_at(seconds: float) -> type[datetime]:
    class Clock(datetime):
        @classmethod
        def now(cls, tz: tzinfo | None = None) -> Clock:  # type: ignore[override]
            return cls.fromtimestamp(seconds, tz)

    return Clock
