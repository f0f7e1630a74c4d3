"""Sending statements of reasons to the DSA Transparency Database (or its sandbox): batches of
at most 100 to the `statements` endpoint, the token from the OS keyring, never from a file.

Idempotent by `puid`: the database keeps one statement per platform identifier and answers a
batch holding one it already has with 422 and the `existing_puids`; those count as sent, and
the rest of the batch is sent again without them. Sending the same export twice sends nothing
new. Any other refusal stops with the database's own message.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import keyring.errors

from moderator.domain.errors import ModeratorError
from moderator.services.secrets import SERVICE, keyring_backend

BATCH = 100  # the database's limit per call
TOKEN_KEY = "dsa-transparency-token"
TIMEOUT = 60.0


class SubmitFailed(ModeratorError):
    pass


@dataclass(frozen=True, slots=True)
class Sent:
    created: int  # statements the database stored now
    existing: int  # statements it had already (sent before)


def store_token(token: str) -> None:
    token = token.strip()
    if not token:
        raise ModeratorError("the token is empty")
    try:
        keyring_backend().set_password(SERVICE, TOKEN_KEY, token)
    except keyring.errors.KeyringError as exc:
        raise ModeratorError(f"the keyring refused the token: {exc}") from exc


def token() -> str:
    found = keyring_backend().get_password(SERVICE, TOKEN_KEY)
    if not found:
        raise ModeratorError(
            "no DSA Transparency Database token is stored: store it with "
            "`moderator report dsa-token` (it reads the token from stdin)"
        )
    return found


def _post(url: str, bearer: str, statements: Sequence[dict[str, Any]]) -> tuple[int, Any]:
    body = json.dumps({"statements": list(statements)}).encode("utf-8")
    request = urllib.request.Request(url, data=body, method="POST", headers={
        "Authorization": f"Bearer {bearer}", "Accept": "application/json",
        "Content-Type": "application/json",
    })  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.loads(exc.read() or b"null")
        except ValueError:
            return exc.code, None
    except (urllib.error.URLError, TimeoutError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise SubmitFailed(f"cannot reach {url}: {reason}") from None


def _existing(answer: Any) -> list[str]:
    errors = answer.get("errors") if isinstance(answer, dict) else None
    found = errors.get("existing_puids") if isinstance(errors, dict) else None
    return [str(p) for p in found] if isinstance(found, list) else []


def submit(url: str, statements: Sequence[dict[str, Any]], bearer: str | None = None) -> Sent:
    """Send `statements` to `url` (the `.../api/v1/statements` endpoint) in batches."""
    if not url.startswith(("https://", "http://127.0.0.1", "http://localhost")):
        raise ModeratorError(f"the endpoint must be an https:// address: {url!r}")
    bearer = bearer or token()
    created = existing = 0
    for start in range(0, len(statements), BATCH):
        batch = list(statements[start : start + BATCH])
        for _attempt in range(2):
            status, answer = _post(url, bearer, batch)
            if status in (200, 201):
                created += len(batch)
                break
            known = set(_existing(answer)) & {str(s["puid"]) for s in batch}
            if status != 422 or not known:
                message = answer.get("message") if isinstance(answer, dict) else None
                raise SubmitFailed(f"the database refused statements {start + 1}-"
                                   f"{start + len(batch)} (HTTP {status}): "
                                   f"{message or 'no reason given'}")  # fmt: skip
            existing += len(known)
            batch = [s for s in batch if str(s["puid"]) not in known]
            if not batch:
                break
        else:
            raise SubmitFailed("the database keeps refusing the same platform identifiers")
    return Sent(created, existing)
