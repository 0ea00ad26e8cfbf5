"""The topics a save's NOTIFY carries (`persistence.notices`)."""

from __future__ import annotations

from persistence.notices import MAX_PAYLOAD, payload_topics, topics_payload


def test_the_topics_of_a_save_come_back_from_its_payload() -> None:
    topics = ["kyodo.case:Case.NoteAdded", "kyodo.case:Case.ActivityCarriedOut"]
    assert payload_topics(topics_payload([*topics, topics[0]])) == frozenset(topics)


def test_too_many_topics_for_one_notification_wake_every_read_model() -> None:
    many = [f"kyodo.topic:{'x' * 60}{i}" for i in range(200)]
    assert len("\n".join(many).encode()) >= MAX_PAYLOAD
    assert topics_payload(many) == ""
    assert payload_topics("") is None
