"""Answering one worker request: read the bytes once, check them, then render or hash.

Every outcome is an answer: a typed MediaError for anything the file did, CRASHED for a bug of
ours (fail closed: no picture), and a request to retire the worker when its state is suspect.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from typing import Any

from PIL import ImageFile

from moderator.media import protocol
from moderator.media.errors import MediaFailure
from moderator.media.fingerprint import hashes_bytes, probe_bytes
from moderator.media.render import render_bytes
from moderator.media.source import check_integrity, read_bytes
from moderator.media.types import Limits, MediaError, MediaErrorKind, ProbeResult

Answer = tuple[bytes, bytes | None, bool]  # header, pixel payload, retire this worker


def handle(
    request: dict[str, Any], limits: Limits, test_hooks: bool, data: bytes | None = None
) -> Answer:
    """The answer to one request; `data` holds the media bytes a `render_data` request sent."""
    op = request.get("op")
    recycle = False
    try:
        if test_hooks and isinstance(op, str) and op.startswith("_"):
            return json.dumps({"type": "debug", **_debug(op, request)}).encode(), None, False
        result = _dispatch(op, request, limits, data)
    except MediaFailure as failure:
        result = failure.error
    except MemoryError:
        # The heap may be fragmented past use; answer, then let the pool start a fresh worker.
        result = MediaError(MediaErrorKind.TOO_LARGE, "the file needs more memory than allowed")
        recycle = True
    except Exception as exc:
        result = MediaError(MediaErrorKind.CRASHED, f"the decoder failed ({type(exc).__name__})")
        recycle = True
    header, payload = protocol.result_to_wire(result)
    if recycle:
        header = json.dumps({**json.loads(header), "recycle": True}).encode()
    return header, payload, recycle


def _dispatch(
    op: Any, request: dict[str, Any], limits: Limits, data: bytes | None
) -> protocol.Result:
    if op in ("render", "render_data"):
        fields = {k: v for k, v in request.items() if k != "size"}
        req = protocol.render_from_fields(fields)
        if op == "render":
            data = read_bytes(req.path, limits)
        elif data is None or len(data) != request.get("size"):
            raise MediaFailure(MediaErrorKind.CORRUPT, "the media bytes did not arrive whole")
        check_integrity(data, req.expected_sha256)  # before a single byte is decoded
        return render_bytes(data, req, limits)
    path = str(request.get("path"))
    if op == "hashes":
        return hashes_bytes(read_bytes(path, limits), limits, path)
    if op == "probe":
        try:
            data = read_bytes(path, limits)
        except MediaFailure as failure:
            return ProbeResult(path, failure.error, failure.error)
        return probe_bytes(path, data, limits)
    return MediaError(MediaErrorKind.UNSUPPORTED, f"unknown request {op!s:.20}")


def _debug(op: str, request: dict[str, Any]) -> dict[str, Any]:
    """Test-only requests (enabled by `MediaPool(test_hooks=True)`): misbehave, or report."""
    import resource

    if op == "_crash":
        os._exit(70)
    if op == "_hang":
        time.sleep(3600)
    if op == "_write":
        return {"written": _try_write(str(request["path"]))}
    return {
        "pid": os.getpid(),
        "pyside_loaded": any(
            name.split(".")[0] == "PySide6" and module is not None
            for name, module in sys.modules.items()
        ),
        "rlimit_as": resource.getrlimit(resource.RLIMIT_AS)[0],
        "rlimit_core": resource.getrlimit(resource.RLIMIT_CORE)[0],
        "rlimit_fsize": resource.getrlimit(resource.RLIMIT_FSIZE)[0],
        "load_truncated_images": ImageFile.LOAD_TRUNCATED_IMAGES,
        "tempdir": tempfile.tempdir,  # gettempdir() would probe by writing, which the sandbox stops
        "home": os.environ.get("HOME"),
    }


def _try_write(path: str) -> int:
    """Bytes that reached `path` (the sandbox should make it 0); the file is removed again."""
    try:
        with open(path, "wb") as handle:
            handle.write(b"pixels" * 100)
    except OSError:
        pass
    if not os.path.exists(path):
        return 0
    size = os.path.getsize(path)
    os.unlink(path)
    return size
