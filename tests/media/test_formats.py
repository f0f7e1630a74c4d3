"""Format sniffing, the typed values, and the pool's wire protocol and channel."""

from __future__ import annotations

import io
import os
import struct
import time

import pytest
from PIL import Image

from moderator.domain.reports import MediaKind
from moderator.media import (
    Frame,
    Limits,
    MediaError,
    MediaErrorKind,
    MediaHashes,
    MediaInfo,
    ProbeResult,
    Rendered,
    RenderRequest,
    channel,
    protocol,
)
from moderator.media.errors import MediaFailure, decoding, describe
from moderator.media.sniff import UnsupportedFormat, sniff


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"\xff\xd8\xff\xe0", "JPEG"),
        (b"\x89PNG\r\n\x1a\n", "PNG"),
        (b"GIF89a", "GIF"),
        (b"RIFF\0\0\0\0WEBPVP8 ", "WEBP"),
        (b"RIFF\0\0\0\0AVI LIST", "AVI"),
        (b"BM" + b"\0" * 30, "BMP"),
        (b"II*\x00", "TIFF"),
        (b"MM\x00*", "TIFF"),
        (b"II+\x00\x08\x00\x00\x00", "TIFF"),  # BigTIFF
        (b"MM\x00+\x00\x08\x00\x00", "TIFF"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x84webm", "WEBM"),
        (b"\x1a\x45\xdf\xa3\x9f\x42\x86\x81\x01\x42\x82\x88matroska", "MKV"),
        (b"\0\0\0\x20ftypisom", "MP4"),
        (b"\0\0\0\x14ftypqt  ", "MOV"),
        (b"\0\0\0\x08wide", "MOV"),
    ],
)
def test_sniffing(head: bytes, fmt: str) -> None:
    assert sniff(head).format == fmt


@pytest.mark.parametrize(
    ("head", "says"),
    [(b"%PDF-1.7", "PDF"), (b"#EXTM3U", "playlist"), (b"\0\0\0\x18ftypavif", "AVIF"),
     (b"\x00\x01\x02", "00 01 02")],
)  # fmt: skip
def test_unsupported_formats_say_what_they_are(head: bytes, says: str) -> None:
    with pytest.raises(UnsupportedFormat, match=says):
        sniff(head)


def test_values_validate_themselves() -> None:
    with pytest.raises(ValueError, match="size"):
        Frame(2, 2, "L", b"\0" * 3, 2, 2)
    with pytest.raises(ValueError, match="mode"):
        Frame(1, 1, "CMYK", b"\0" * 4, 1, 1)
    with pytest.raises(ValueError, match="target"):
        RenderRequest("x", None, 0, 10)
    with pytest.raises(ValueError, match="positive"):
        Limits(timeout_s=0)
    assert MediaError("corrupt", "two\nlines").message == "two lines"  # type: ignore[arg-type]


def test_exceptions_become_one_clean_line() -> None:
    stream = io.BytesIO()
    assert describe(OSError(f"cannot identify image file {stream!r}")) == (
        "cannot identify image file"
    )
    picture = Image.new("L", (1, 1))
    text = describe(ValueError(f"{picture!r} is not\nwhat <function f at 0x7f00aa11bb22> wanted"))
    assert text == "is not"
    assert describe(struct.error("")) == "error"  # the type's name when there is no text
    assert describe(ValueError("\n  \nthe reason\nmore")) == "the reason"
    assert describe(OSError(5, "Input/output error")) == "Input/output error"
    assert "\x00" not in describe(ValueError("bad\x00byte"))
    with pytest.raises(MediaFailure) as caught, decoding("PNG"):
        raise SyntaxError(f"broken {stream!r} at 0xdeadbeef00")
    assert caught.value.error.message == "the PNG is damaged or malformed (broken at)"


def roundtrip(result: protocol.Result) -> protocol.Result:
    header, payload = protocol.result_to_wire(result)
    parsed = protocol.parse_header(header)
    assert protocol.payload_size(parsed) == (len(payload) if payload else 0)
    return protocol.result_from_wire(parsed, payload)


def test_results_cross_the_wire_intact() -> None:
    frame = Frame(2, 1, "RGB", bytes(range(6)), 4, 2)
    rendered = Rendered(frame, MediaKind.VIDEO, "MP4", 4, 2, 10, 1.5, False, (0.0, 1.0), "vp9")
    hashes = MediaHashes("a" * 64, "b" * 32, 10, None, None, ((1.0, "c" * 64, 80),), "MP4",
                         MediaKind.VIDEO, MediaError(MediaErrorKind.CORRUPT, "x"))  # fmt: skip
    info = MediaInfo(MediaKind.VIDEO, "MP4", 4, 2, 10, 1.5, "h264", True)
    error = MediaError(MediaErrorKind.TIMED_OUT, "slow")
    for value in (rendered, hashes, error, ProbeResult("p", info, hashes),
                  ProbeResult("p", error, error)):  # fmt: skip
        assert roundtrip(value) == value


@pytest.mark.parametrize(
    "header",
    [
        {"type": "error", "kind": "nonsense", "message": "x"},
        {"type": "hashes", "sha256": "zz", "md5": "b" * 32},
        {"type": "rendered", "frame": {"width": 1, "height": 1, "mode": "L"}},
        {"type": "what"},
    ],
)
def test_malformed_answers_are_refused(header: dict[str, object]) -> None:
    with pytest.raises(protocol.ProtocolError):
        protocol.result_from_wire(header, b"\0")


def test_a_frame_bigger_than_the_limit_is_refused_before_reading() -> None:
    header = {"type": "rendered", "frame": {"width": 20_000, "height": 1, "mode": "L"}}
    with pytest.raises(ValueError, match="width"):
        protocol.payload_size(header)


def test_channel_deadline_and_size_cap() -> None:
    read, write = os.pipe()
    try:
        started = time.monotonic()
        with pytest.raises(channel.ChannelTimeout):
            channel.receive(read, 100, time.monotonic() + 0.1)
        assert time.monotonic() - started < 1
        channel.send(write, b"x" * 200)
        with pytest.raises(channel.ChannelClosed):
            channel.receive(read, 100, time.monotonic() + 1)
    finally:
        os.close(read)
        os.close(write)
