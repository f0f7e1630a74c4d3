"""Fuzz the preview and hashing paths with atheris (`pip install -e '.[fuzz]'`).

    python fuzz/fuzz_preview.py -max_total_time=300 [CORPUS_DIR ...]   # fuzz for 5 minutes
    python fuzz/fuzz_preview.py --replay FILE_OR_DIR ...               # no atheris needed

Seed corpus: `python -m tests.media.hostile DIR`. The target runs the worker's code in-process
(same decoder settings as the sandbox) so the fuzzer sees coverage; the contract under test is
that any bytes give a Rendered/MediaHashes or a typed MediaFailure, never another exception,
and that a render not asked to be sharp is never sharp.
"""

from __future__ import annotations

import sys
from pathlib import Path

try:
    import atheris
except ImportError:  # optional extra; --replay works without it
    atheris = None

LIMITS = None
REQUESTS: list[object] = []


def setup() -> None:
    """Decoder settings of a worker (no rlimits: libFuzzer has its own -rss_limit_mb)."""
    global LIMITS
    from moderator.media import BlurLevel, Limits, RenderRequest, sandbox

    LIMITS = Limits(max_bytes=64 << 20, max_pixels=20_000_000, max_frames=500)
    sandbox.configure_decoders(LIMITS)
    REQUESTS[:] = [
        RenderRequest("fuzz", None, 320, 240),
        RenderRequest(
            "fuzz", None, 97, 1000, blur=BlurLevel.LIGHT, grayscale=False, pixelate=True
        ),  # fmt: skip
        RenderRequest("fuzz", None, 200, 200, sharp=True, frame_time=0.5),
    ]


def one_input(data: bytes) -> None:
    """The fuzz target: every outcome must be a result or a typed failure."""
    from moderator.media.errors import MediaFailure
    from moderator.media.fingerprint import hashes_bytes
    from moderator.media.render import render_bytes
    from moderator.media.types import MediaHashes, Rendered, RenderRequest

    assert LIMITS is not None, "call setup() first"
    for request in REQUESTS:
        assert isinstance(request, RenderRequest)
        try:
            result = render_bytes(data, request, LIMITS)
        except MediaFailure:
            continue
        assert isinstance(result, Rendered)
        assert result.sharp == request.sharp
    assert isinstance(hashes_bytes(data, LIMITS), MediaHashes)


def replay(paths: list[str]) -> int:
    files = [f for p in map(Path, paths) for f in (sorted(p.iterdir()) if p.is_dir() else [p])]
    for path in files:
        if path.is_file():
            one_input(path.read_bytes())
    print(f"replayed {len(files)} inputs: no unexpected exception")
    return 0


def main(argv: list[str]) -> int:
    setup()
    if argv[1:2] == ["--replay"]:
        return replay(argv[2:])
    if atheris is None:
        print("atheris is not installed: pip install -e '.[fuzz]' (or use --replay)")
        return 2
    with atheris.instrument_imports():
        import moderator.media.render  # noqa: F401 - instrumented for coverage
    atheris.Setup(argv, one_input)
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
