"""The HTTPS client of the team server: one httpx client per desk, shared by its threads.

Every request but enrollment carries the desk's bearer token. A request that cannot have
changed anything twice (a GET, or a POST with its request id in the body) is sent again,
byte for byte, after a connection failure, a timeout or a 503, a few times with a growing
pause; the server answers a repeated id with its first answer. The token is refreshed well
before it runs out. Answers that are problems become the window's errors (errors.py).
"""

from __future__ import annotations

import json
import ssl
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from moderator import __version__
from moderator.domain.errors import ModeratorError
from moderator.remote.errors import ServerUnavailable, SignInAgain, from_problem

JSON = "application/json"


@dataclass(frozen=True, slots=True)
class Token:
    value: str
    expires_at: datetime  # the server's time


@dataclass(frozen=True)
class Timeouts:
    connect: float = 5.0
    read: float = 30.0
    media_read: float = 120.0
    attempts: int = 4  # for requests that may be repeated
    backoff: float = 0.25  # seconds before the 2nd attempt; doubled for each further one
    refresh_within: timedelta = timedelta(days=2)  # refresh a token with less than this left


class MediaTooLarge(ModeratorError):
    """The server offered media over the desk's decoding limit; nothing more was read."""


def tls_context(server_ca: str = "") -> ssl.SSLContext:
    """Certificates checked against the CA file given, else the system's trust store."""
    context = ssl.create_default_context(cafile=server_ca or None)
    context.minimum_version = ssl.TLSVersion.TLSv1_2
    return context


class Api:
    """Requests to one team server as one enrolled desk. Thread-safe."""

    def __init__(
        self,
        server: str,
        *,
        server_ca: str = "",
        token: Token | None = None,
        on_token: Callable[[Token], None] | None = None,
        timeouts: Timeouts | None = None,
    ) -> None:
        self.timeouts = timeouts or Timeouts()
        t = self.timeouts
        self._http = httpx.Client(
            base_url=server.rstrip("/"),
            verify=tls_context(server_ca),
            timeout=httpx.Timeout(t.read, connect=t.connect),
            headers={"User-Agent": f"moderator-desktop/{__version__}", "Accept": JSON},
            follow_redirects=False,  # a redirect could carry the token elsewhere
        )
        self._token, self._on_token = token, on_token
        self._token_lock = threading.Lock()
        self.offset = timedelta(0)  # server clock minus ours, from the last /v1/me

    def close(self) -> None:
        self._http.close()

    # --- time and tokens --------------------------------------------------------------------

    def now(self) -> datetime:
        """The server's time, as far as this desk can tell (its clock plus the known offset)."""
        return datetime.now(UTC) + self.offset

    def saw_server_time(self, server_time: datetime, sent_at: datetime) -> None:
        received = datetime.now(UTC)
        self.offset = server_time - (sent_at + (received - sent_at) / 2)

    def refresh_if_due(self) -> None:
        """Swap the token for a fresh one when it has less than `refresh_within` left."""
        with self._token_lock:
            token = self._token
            if token is None or token.expires_at - self.now() > self.timeouts.refresh_within:
                return
            # No request id: a lost answer is asked for again with the old token, which the
            # server keeps valid for two minutes after a refresh.
            data = self.call("POST", "/v1/token/refresh", {}, attempts=2)
            fresh = Token(str(data["token"]), parse_time(data["token_expires_at"]))
            self._token = fresh
        if self._on_token is not None:
            self._on_token(fresh)

    def _headers(self, auth: bool, body: bytes | None) -> dict[str, str]:
        headers = {"Content-Type": JSON} if body is not None else {}
        if auth:
            if self._token is None:
                raise SignInAgain("this desk has no token: enroll it first")
            headers["Authorization"] = f"Bearer {self._token.value}"
        return headers

    # --- requests ---------------------------------------------------------------------------

    def call(
        self,
        method: str,
        path: str,
        body: dict[str, Any] | str | None = None,
        *,
        params: dict[str, Any] | None = None,
        attempts: int | None = None,
        auth: bool = True,
    ) -> Any:
        """Send a request and return its JSON answer (None for 204); raise the mapped error."""
        content = None if body is None else (body if isinstance(body, str) else _dumps(body))
        raw = content.encode("utf-8") if content is not None else None
        response = self._send(method, path, raw, params, attempts, auth)
        if response.status_code == 204:
            return None
        try:
            data = response.json()
        except ValueError:
            data = None
        if response.is_success:
            return data
        raise from_problem(response.status_code, data)

    def _send(
        self,
        method: str,
        path: str,
        raw: bytes | None,
        params: dict[str, Any] | None,
        attempts: int | None,
        auth: bool,
    ) -> httpx.Response:
        tries = max(1, attempts if attempts is not None else self.timeouts.attempts)
        last = ""
        for attempt in range(tries):
            if attempt:
                time.sleep(self.timeouts.backoff * 2 ** (attempt - 1))
            try:
                response = self._http.request(
                    method, path, content=raw, params=params, headers=self._headers(auth, raw)
                )
            except httpx.TransportError as exc:
                last = _reason(exc)
                continue
            if response.status_code == 503 and attempt + 1 < tries:
                last = "its database is unavailable"
                continue
            return response
        raise ServerUnavailable(f"the team server cannot be reached ({last})")

    def fetch(self, path: str, limit: int) -> tuple[bytes, str]:
        """Media bytes into memory (never more than `limit`), with the SHA-256 the server
        says they have; repeated after a failed connection like any GET."""
        last = ""
        timeout = httpx.Timeout(self.timeouts.media_read, connect=self.timeouts.connect)
        for attempt in range(max(1, self.timeouts.attempts)):
            if attempt:
                time.sleep(self.timeouts.backoff * 2 ** (attempt - 1))
            try:
                with self._http.stream(
                    "GET", path, headers=self._headers(True, None), timeout=timeout
                ) as response:
                    if response.status_code == 503:
                        last = "its database is unavailable"
                        continue
                    if not response.is_success:
                        response.read()
                        raise from_problem(response.status_code, _json_or_none(response))
                    return _read_bounded(response, limit), response.headers.get(
                        "x-moderator-sha256", ""
                    )
            except httpx.TransportError as exc:
                last = _reason(exc)
        raise ServerUnavailable(f"the media could not be fetched from the team server ({last})")

    @contextmanager
    def stream(self, path: str, params: Any = None) -> Iterator[httpx.Response]:
        """A GET whose answer is read as it arrives (an export); sent once: a long download
        cut halfway is started again by the caller, not here."""
        timeout = httpx.Timeout(self.timeouts.media_read, connect=self.timeouts.connect)
        try:
            with self._http.stream(
                "GET", path, params=params, headers=self._headers(True, None), timeout=timeout
            ) as response:
                if not response.is_success:
                    response.read()
                    raise from_problem(response.status_code, _json_or_none(response))
                yield response
        except httpx.TransportError as exc:
            raise ServerUnavailable(f"the team server cannot be reached ({_reason(exc)})") from exc


def _read_bounded(response: httpx.Response, limit: int) -> bytes:
    declared = response.headers.get("content-length")
    if declared is not None and declared.isdigit() and int(declared) > limit:
        raise MediaTooLarge(f"the media is {int(declared):,} bytes, over the {limit:,} limit")
    buffer = bytearray()
    for chunk in response.iter_bytes():
        buffer += chunk
        if len(buffer) > limit:
            raise MediaTooLarge(f"the media is over the {limit:,} byte limit")
    return bytes(buffer)


def _json_or_none(response: httpx.Response) -> Any:
    try:
        return response.json()
    except ValueError:
        return None


def _dumps(body: dict[str, Any]) -> str:
    return json.dumps(body, separators=(",", ":"), ensure_ascii=False, allow_nan=False)


def _reason(exc: httpx.TransportError) -> str:
    text = str(exc) or type(exc).__name__
    return " ".join(text.split())[:200]


def parse_time(value: Any) -> datetime:
    """An RFC 3339 time from the server as an aware datetime."""
    return datetime.fromisoformat(str(value).replace("Z", "+00:00")).astimezone(UTC)
