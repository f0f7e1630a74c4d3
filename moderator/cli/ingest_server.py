"""`moderator ingest --server`: send manifests to the team server's intake (POST /v1/reports)
with a source token, instead of writing to a database.

The token (from `moderator source add NAME`) is kept in the OS keyring under the profile; give
it once with `--source-token-stdin`. Media paths are files under `--media-root` (default: the
manifest's folder), uploaded with their records; https URLs are passed on as they are.
"""

from __future__ import annotations

import argparse
import json
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from moderator.cli import _context
from moderator.domain.errors import ConfigError
from moderator.domain.reports import RecordError
from moderator.services import secrets
from moderator.services.ingest_media import resolve_media
from moderator.services.manifest import Entry, read_csv, read_jsonl

BATCH = 500
BATCH_BYTES = 256 << 20


@dataclass
class Sent:
    accepted: int = 0
    present: int = 0
    rejected: int = 0
    problems: list[str] = field(default_factory=list)


def _key(profile: str) -> str:
    return f"source:{profile}"


def submit_manifests(
    client: httpx.Client, paths: list[Path], media_root: Path | None, queue: str | None
) -> Sent:
    sent = Sent()
    for path in paths:
        if not path.is_file():
            sent.problems.append(f"{path}: no such file")
            continue
        root = (media_root or path.parent).resolve()
        entries = read_csv(path) if path.suffix.lower() == ".csv" else read_jsonl(path)
        batch: list[tuple[Entry, dict[str, Any], dict[str, Path]]] = []
        size = 0
        for entry in entries:
            try:
                if isinstance(entry.value, RecordError):
                    raise entry.value
                record, files = _shape(entry.value, root, queue, len(batch))
            except RecordError as exc:
                sent.rejected += 1
                sent.problems.append(f"{entry.where}:{entry.line}: {exc}")
                continue
            batch.append((entry, record, files))
            size += sum(p.stat().st_size for p in files.values())
            if len(batch) >= BATCH or size >= BATCH_BYTES:
                _post(client, batch, sent)
                batch, size = [], 0
        if batch:
            _post(client, batch, sent)
    return sent


def _shape(
    raw: dict[str, Any], root: Path, queue: str | None, index: int
) -> tuple[dict[str, Any], dict[str, Path]]:
    record = dict(raw)
    if queue and "queue" not in record:
        record["queue"] = queue
    files: dict[str, Path] = {}
    media = record.get("media") or []
    if not isinstance(media, list):
        raise RecordError("media: a list of paths or https URLs")
    names = []
    for position, ref in enumerate(media):
        if not isinstance(ref, str):
            raise RecordError("media: a list of paths or https URLs")
        found = resolve_media(root, ref)
        if found.local is None:
            names.append(ref)
            continue
        name = f"r{index}-{position}{found.local.suffix.lower()}"
        files[name] = found.local
        names.append(name)
    record["media"] = names
    return record, files


def _post(
    client: httpx.Client, batch: list[tuple[Entry, dict[str, Any], dict[str, Path]]], sent: Sent
) -> None:
    manifest = "\n".join(json.dumps(r) for _e, r, _f in batch).encode()
    parts: list[tuple[str, tuple[str, bytes, str]]] = [
        ("manifest", ("manifest.jsonl", manifest, "application/x-ndjson"))
    ]
    for _e, _r, files in batch:
        parts += [
            ("media", (name, p.read_bytes(), "application/octet-stream"))
            for name, p in files.items()
        ]
    got = client.post("/v1/reports", files=parts)
    if got.status_code != 200:
        try:
            detail = got.json().get("detail", got.text)
        except ValueError:
            detail = got.text[:200]
        raise ConfigError(f"the server refused the batch (HTTP {got.status_code}): {detail}")
    for row in got.json()["records"]:
        entry = batch[row["index"]][0]
        if row["status"] == "rejected":
            sent.rejected += 1
            sent.problems.append(f"{entry.where}:{entry.line}: {row['error']}")
        else:
            sent.accepted += row["status"] == "accepted"
            sent.present += row["status"] == "present"


def client_for(server: str, token: str, ca: str) -> httpx.Client:
    return httpx.Client(
        base_url=server,
        verify=ca or True,
        timeout=300,
        headers={"Authorization": f"Bearer {token}"},
    )


def run(args: argparse.Namespace) -> int:
    _paths, _config, profile = _context.profile(args)
    if not profile.server:
        raise ConfigError(
            f"`ingest --server` needs a team profile (one with a server); {profile.name!r} has none"
        )
    backend = secrets.keyring_backend()
    if args.source_token_stdin:
        token = sys.stdin.readline().strip()
        if not token.startswith("mods_"):
            raise ConfigError("that is not a source's submit token (mods_...)")
        backend.set_password(secrets.SERVICE, _key(profile.name), token)
    stored = backend.get_password(secrets.SERVICE, _key(profile.name))
    if not stored:
        raise ConfigError(
            "no source token is stored for this profile: a supervisor runs `moderator source "
            "add NAME`; give its token once with `ingest --server --source-token-stdin`"
        )
    with client_for(profile.server, stored, profile.server_ca) as client:
        try:
            sent = submit_manifests(client, args.paths, args.media_root, args.queue)
        except httpx.HTTPError as exc:
            raise ConfigError(f"the server at {profile.server} did not answer ({exc})") from None
    for line in sent.problems:
        print(line, file=sys.stderr)
    print(f"{sent.accepted} added, {sent.present} already there, {sent.rejected} rejected")
    return 1 if sent.problems else 0
