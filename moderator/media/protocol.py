"""The wire format between the pool and its workers: JSON headers plus raw pixel bytes.

Nothing crossing the pipe is pickled. A worker has handled hostile bytes and may, in the worst
case, be under an attacker's control; unpickling what it sends would hand that attacker the GUI
process. JSON plus strict re-validation (every field type-checked, the pixel payload exactly the
size the header declares, hashes well-formed hex) keeps the worst case at "a wrong error".
"""

from __future__ import annotations

import json
import math
import re
from dataclasses import asdict
from typing import Any

from moderator.domain.reports import MediaKind
from moderator.media.types import (
    CHANNELS,
    MAX_SIDE,
    Frame,
    MediaError,
    MediaErrorKind,
    MediaHashes,
    MediaInfo,
    ProbeResult,
    Rendered,
    RenderRequest,
)

MAX_HEADER = 1 << 20
MAX_PAYLOAD = MAX_SIDE * MAX_SIDE * 4
_HEX = re.compile(r"[0-9a-f]+")

Result = Rendered | MediaHashes | ProbeResult | MediaError


class ProtocolError(Exception):
    """A worker sent something that is not a valid answer."""


# --- requests (pool -> worker; the pool is trusted, but keep it pickle-free too) ---------------


def request_to_wire(op: str, **fields: Any) -> bytes:
    """A request: the operation and its JSON-able fields."""
    return json.dumps({"op": op, **fields}).encode()


def render_fields(req: RenderRequest) -> dict[str, Any]:
    """A render request as JSON-able fields."""
    return asdict(req)


def render_from_fields(fields: dict[str, Any]) -> RenderRequest:
    """The render request a worker received (validated by RenderRequest itself)."""
    return RenderRequest(**{k: v for k, v in fields.items() if k != "op"})


# --- results (worker -> pool: untrusted) -------------------------------------------------------


def result_to_wire(result: Result) -> tuple[bytes, bytes | None]:
    """(JSON header, pixel payload or None)."""
    payload = None
    if isinstance(result, Rendered):
        frame = result.frame
        header: dict[str, Any] = {
            "type": "rendered",
            "frame": {k: getattr(frame, k) for k in _FRAME_KEYS},
            **{k: getattr(result, k) for k in _RENDERED_KEYS},
        }
        payload = frame.data
    elif isinstance(result, MediaHashes):
        header = {"type": "hashes", **_hashes_dict(result)}
    elif isinstance(result, ProbeResult):
        header = {
            "type": "probe",
            "path": result.path,
            "info": _error_dict(result.info)
            if isinstance(result.info, MediaError)
            else asdict(result.info),
            "hashes": _error_dict(result.hashes)
            if isinstance(result.hashes, MediaError)
            else _hashes_dict(result.hashes),
        }
    else:
        header = {"type": "error", **_error_dict(result)}
    return json.dumps(header).encode(), payload


def payload_size(header: dict[str, Any]) -> int:
    """Bytes of pixels that follow this header (0 when none), validated."""
    if header.get("type") != "rendered":
        return 0
    frame = _dict(header, "frame")
    mode = _str(frame, "mode")
    if mode not in CHANNELS:
        raise ProtocolError("bad frame mode")
    return _int(frame, "width", 1, MAX_SIDE) * _int(frame, "height", 1, MAX_SIDE) * CHANNELS[mode]


def parse_header(raw: bytes) -> dict[str, Any]:
    """A worker's JSON header as a dict, or ProtocolError."""
    try:
        header = json.loads(raw)
    except (ValueError, UnicodeDecodeError) as exc:
        raise ProtocolError("unreadable header") from exc
    if not isinstance(header, dict):
        raise ProtocolError("header is not an object")
    return header


def result_from_wire(header: dict[str, Any], payload: bytes | None) -> Result:
    """Rebuild a result from what a worker sent, or raise ProtocolError."""
    try:
        return _build(header, payload)
    except (KeyError, TypeError, ValueError) as exc:
        raise ProtocolError(f"malformed {header.get('type')!s:.20} answer") from exc


_FRAME_KEYS = ("width", "height", "mode", "display_width", "display_height")
_RENDERED_KEYS = (
    "kind", "format", "source_width", "source_height", "frame_count", "duration_s", "sharp",
    "contact_sheet_times", "codec", "has_audio",
)  # fmt: skip


def _build(header: dict[str, Any], payload: bytes | None) -> Result:
    kind = header.get("type")
    if kind == "error":
        return _error(header)
    if kind == "hashes":
        return _hashes(header)
    if kind == "probe":
        info = _dict(header, "info")
        hashes = _dict(header, "hashes")
        return ProbeResult(
            _str(header, "path", 4096),
            _error(info) if "message" in info else _info(info),
            _error(hashes) if "message" in hashes else _hashes(hashes),
        )
    if kind == "rendered":
        if payload is None:
            raise ProtocolError("rendered answer without pixels")
        frame = _dict(header, "frame")
        times = header["contact_sheet_times"]
        if not isinstance(times, list) or len(times) > 64:
            raise ValueError("times")
        return Rendered(
            frame=Frame(
                _int(frame, "width", 1, MAX_SIDE), _int(frame, "height", 1, MAX_SIDE),
                _str(frame, "mode"), payload,
                _int(frame, "display_width", 1, MAX_SIDE),
                _int(frame, "display_height", 1, MAX_SIDE),
            ),
            kind=MediaKind(_str(header, "kind")),
            format=_str(header, "format"),
            source_width=_int(header, "source_width", 1),
            source_height=_int(header, "source_height", 1),
            frame_count=_int(header, "frame_count", 0),
            duration_s=_opt_float(header, "duration_s"),
            sharp=_bool(header, "sharp"),
            contact_sheet_times=tuple(_finite(t) for t in times),
            codec=None if header.get("codec") is None else _str(header, "codec"),
            has_audio=_bool(header, "has_audio"),
        )  # fmt: skip
    raise ProtocolError("unknown answer type")


def _error_dict(error: MediaError) -> dict[str, Any]:
    return {"kind": str(error.kind), "message": error.message}


def _hashes_dict(hashes: MediaHashes) -> dict[str, Any]:
    data = asdict(hashes)
    data["decode_error"] = _error_dict(hashes.decode_error) if hashes.decode_error else None
    return data


def _error(d: dict[str, Any]) -> MediaError:
    return MediaError(MediaErrorKind(_str(d, "kind")), _str(d, "message", 1000))


def _info(d: dict[str, Any]) -> MediaInfo:
    codec = d.get("codec")
    return MediaInfo(
        MediaKind(_str(d, "kind")), _str(d, "format"), _int(d, "width", 1), _int(d, "height", 1),
        _int(d, "frame_count", 0), _opt_float(d, "duration_s"),
        None if codec is None else _str(d, "codec"), _bool(d, "has_audio"),
    )  # fmt: skip


def _hashes(d: dict[str, Any]) -> MediaHashes:
    frames = d["pdq_frames"]
    if not isinstance(frames, list) or len(frames) > 64:
        raise ValueError("pdq_frames")
    pdq_frames = tuple(
        (_finite(t), _hex(h, 64), _quality(q)) for t, h, q in (tuple(f) for f in frames)
    )
    error = d.get("decode_error")
    return MediaHashes(
        sha256=_hex(d["sha256"], 64),
        md5=_hex(d["md5"], 32),
        size_bytes=_int(d, "size_bytes", 0),
        pdq=None if d.get("pdq") is None else _hex(d["pdq"], 64),
        pdq_quality=None if d.get("pdq_quality") is None else _quality(d["pdq_quality"]),
        pdq_frames=pdq_frames,
        format=None if d.get("format") is None else _str(d, "format"),
        kind=MediaKind(_str(d, "kind")),
        decode_error=_error(error) if isinstance(error, dict) else None,
    )


def _dict(d: dict[str, Any], key: str) -> dict[str, Any]:
    value = d[key]
    if not isinstance(value, dict):
        raise ValueError(key)
    return value


def _str(d: dict[str, Any], key: str, limit: int = 64) -> str:
    value = d[key]
    if not isinstance(value, str) or len(value) > limit:
        raise ValueError(key)
    return value


def _int(d: dict[str, Any], key: str, low: int = 0, high: int = 1 << 62) -> int:
    value = d[key]
    if type(value) is not int or not low <= value <= high:
        raise ValueError(key)
    return value


def _bool(d: dict[str, Any], key: str) -> bool:
    value = d[key]
    if type(value) is not bool:
        raise ValueError(key)
    return value


def _finite(value: Any) -> float:
    if type(value) not in (int, float) or not math.isfinite(value):
        raise ValueError("number")
    return float(value)


def _opt_float(d: dict[str, Any], key: str) -> float | None:
    return None if d.get(key) is None else _finite(d[key])


def _quality(value: Any) -> int:
    if type(value) is not int or not 0 <= value <= 100:
        raise ValueError("quality")
    return value


def _hex(value: Any, length: int) -> str:
    if not isinstance(value, str) or len(value) != length or not _HEX.fullmatch(value):
        raise ValueError("hex")
    return value
