"""Submission to a DSA Transparency Database stand-in started by the test: batches of at
most 100, the bearer token from the keyring, idempotent by puid (statements the database
already holds count as sent, the rest go through), refusals reported with their message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from moderator.domain.errors import ModeratorError
from moderator.services.regulators import dsa_submit
from tests.helpers.dsa_receiver import Receiver, running


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    with running() as server:
        yield server


def statements(n: int, prefix: str = "p") -> list[dict[str, Any]]:
    return [{"puid": f"{prefix}-{i}", "decision_ground": "DECISION_GROUND_ILLEGAL_CONTENT"}
            for i in range(n)]  # fmt: skip


def test_batches_of_at_most_100_with_the_keyring_token(receiver: Receiver) -> None:
    dsa_submit.store_token("X|secret-token\n")
    sent = dsa_submit.submit(receiver.url, statements(250))
    assert (sent.created, sent.existing) == (250, 0)
    assert receiver.batches == [100, 100, 50]
    assert receiver.tokens == {"Bearer X|secret-token"}
    assert len(receiver.stored) == 250


def test_sending_again_sends_nothing_new(receiver: Receiver) -> None:
    dsa_submit.store_token("t")
    dsa_submit.submit(receiver.url, statements(120))
    more = statements(120) + statements(30, prefix="new")
    sent = dsa_submit.submit(receiver.url, more)
    assert (sent.created, sent.existing) == (30, 120)
    assert len(receiver.stored) == 150


def test_no_token_is_a_clear_error(receiver: Receiver) -> None:
    with pytest.raises(ModeratorError, match="moderator report dsa-token"):
        dsa_submit.submit(receiver.url, statements(1))
    assert receiver.batches == []


def test_a_refusal_carries_the_databases_message(receiver: Receiver) -> None:
    dsa_submit.store_token("t")
    receiver.refuse_with = (401, {"message": "Unauthenticated."})
    with pytest.raises(dsa_submit.SubmitFailed, match=r"1-1 \(HTTP 401\): Unauthenticated."):
        dsa_submit.submit(receiver.url, statements(1))


def test_plain_http_to_another_host_is_refused() -> None:
    with pytest.raises(ModeratorError, match="https://"):
        dsa_submit.submit("http://example.org/api/v1/statements", statements(1), bearer="t")


def test_an_unreachable_endpoint_is_one_clear_error() -> None:
    with pytest.raises(dsa_submit.SubmitFailed, match="cannot reach"):
        dsa_submit.submit("http://127.0.0.1:9/api/v1/statements", statements(1), bearer="t")
