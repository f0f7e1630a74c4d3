"""`moderator media probe PATH... [--json]`: files through the sandbox, and the verdict.

Diagnosis for a file the workstation calls "unreviewable": the same worker pool and limits
as the viewer, printing the outcome and the hashes. It never writes or prints pixels.
"""

from __future__ import annotations

import argparse
import json
import sys
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from typing import Any, TextIO

from moderator.media import Limits, MediaError, MediaHashes, MediaInfo, MediaPool, ProbeResult


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Add the `media` command group and its `probe` action."""
    parser = subparsers.add_parser("media", help="media diagnostics: probe")
    sub = parser.add_subparsers(dest="media_command", metavar="ACTION", required=True)
    probe = sub.add_parser(
        "probe",
        help="decode files in the sandbox and print outcome and hashes",
        description="Run each file through the sandboxed decoder pool. Prints the outcome "
        "(or the typed error) and SHA-256, MD5 and PDQ. Exit status 0 whatever the outcomes.",
    )
    probe.add_argument("paths", nargs="+", metavar="PATH", help="media files to probe")
    probe.add_argument("--json", action="store_true", help="one JSON array on standard output")
    probe.add_argument("--workers", type=_positive(int), default=2, help="decoder processes")
    probe.add_argument(
        "--timeout", type=_positive(float), default=Limits().timeout_s, metavar="SECONDS",
        help="time limit per file",
    )  # fmt: skip
    probe.set_defaults(func=run)


def run(args: argparse.Namespace, out: TextIO | None = None) -> int:
    """Probe every path; 0 once all were probed, whatever their outcomes."""
    out = out or sys.stdout
    paths: list[str] = list(args.paths)
    limits = Limits(timeout_s=args.timeout)
    workers = max(1, min(args.workers, len(paths)))
    with MediaPool(workers, limits) as pool, ThreadPoolExecutor(workers) as threads:
        results = list(threads.map(pool.probe, paths))
    if args.json:
        json.dump([as_json(r) for r in results], out, indent=2)
        out.write("\n")
    else:
        for result in results:
            out.write(describe(result))
    return 0


def as_json(result: ProbeResult) -> dict[str, Any]:
    """A probe result as plain JSON values."""
    info, hashes = result.info, result.hashes
    return {
        "path": result.path,
        "ok": isinstance(info, MediaInfo),
        "info": asdict(info) if isinstance(info, MediaInfo) else None,
        "error": _error(info) if isinstance(info, MediaError) else None,
        "hashes": _hashes(hashes) if isinstance(hashes, MediaHashes) else None,
    }


def describe(result: ProbeResult) -> str:
    """A probe result as a few lines of text."""
    info, hashes = result.info, result.hashes
    if isinstance(info, MediaInfo):
        lines = [f"{result.path}: ok {info.kind} {info.format} {info.width}x{info.height}"]
        if info.duration_s is not None:
            audio = "audio" if info.has_audio else "no audio"
            lines[0] += f", {info.duration_s:.2f} s, {info.codec}, {audio}"
        else:
            lines[0] += f", {info.frame_count} frame{'s' if info.frame_count != 1 else ''}"
    else:
        lines = [f"{result.path}: {info.kind}: {info.message}"]
    if isinstance(hashes, MediaHashes):
        lines += [f"  sha256  {hashes.sha256}", f"  md5     {hashes.md5}"]
        if hashes.pdq is not None:
            lines.append(f"  pdq     {hashes.pdq} (quality {hashes.pdq_quality})")
        for seconds, digest, quality in hashes.pdq_frames:
            lines.append(f"  pdq     {digest} (quality {quality}) at {seconds:.2f} s")
    return "\n".join(lines) + "\n"


def _error(error: MediaError) -> dict[str, str]:
    return {"kind": str(error.kind), "message": error.message}


def _hashes(hashes: MediaHashes) -> dict[str, Any]:
    return {
        "sha256": hashes.sha256,
        "md5": hashes.md5,
        "size_bytes": hashes.size_bytes,
        "format": hashes.format,
        "kind": str(hashes.kind),
        "pdq": hashes.pdq,
        "pdq_quality": hashes.pdq_quality,
        "pdq_frames": [
            {"seconds": s, "pdq": digest, "quality": q} for s, digest, q in hashes.pdq_frames
        ],
    }


def _positive(kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError("must be greater than 0")
        return value

    return parse
