"""Format detection from the leading bytes, against an allowlist.

The file name is never trusted: a PNG called `.mp4` is a PNG. Whatever this module names is the
only decoder the bytes are shown to (Pillow's `formats=[...]`, PyAV's `format=`), so neither
library gets to guess, and a polyglot is read as the one format its first bytes claim.
"""

from __future__ import annotations

from dataclasses import dataclass

from moderator.domain.reports import MediaKind


@dataclass(frozen=True, slots=True)
class Sniffed:
    """What the leading bytes say a file is."""

    kind: MediaKind
    format: str  # what we report: JPEG, PNG, ..., MP4, MKV, AVI
    decoder: str  # Pillow plugin name or FFmpeg demuxer name


class UnsupportedFormat(Exception):
    """The bytes are not one of the allowlisted formats; the message says what they look like."""


# ISO-BMFF brands of still-image formats (HEIF/AVIF): same box layout as MP4, not a video.
_IMAGE_BRANDS = {b"heic", b"heix", b"heim", b"heis", b"mif1", b"msf1", b"avif", b"avis"}
# Classic TIFF (42) and BigTIFF (43, 64-bit offsets), little- and big-endian.
_TIFF_MAGIC = {b"II*\x00", b"MM\x00*", b"II+\x00", b"MM\x00+"}
# QuickTime files from before `ftyp` existed start with one of these atoms.
_QT_ATOMS = {b"moov", b"mdat", b"wide", b"free", b"skip", b"pnot"}


def sniff(head: bytes) -> Sniffed:
    """Name the allowlisted format of `head` (the file's first bytes) or raise UnsupportedFormat."""
    if not head:
        raise UnsupportedFormat("the file is empty")
    if head.startswith(b"\xff\xd8\xff"):
        return Sniffed(MediaKind.IMAGE, "JPEG", "JPEG")
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return Sniffed(MediaKind.IMAGE, "PNG", "PNG")
    if head[:6] in (b"GIF87a", b"GIF89a"):
        return Sniffed(MediaKind.IMAGE, "GIF", "GIF")
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return Sniffed(MediaKind.IMAGE, "WEBP", "WEBP")
    if head[:4] == b"RIFF" and head[8:12] == b"AVI ":
        return Sniffed(MediaKind.VIDEO, "AVI", "avi")
    if head[:2] == b"BM" and len(head) >= 26:
        return Sniffed(MediaKind.IMAGE, "BMP", "BMP")
    if head[:4] in _TIFF_MAGIC:
        return Sniffed(MediaKind.IMAGE, "TIFF", "TIFF")
    if head[:4] == b"\x1a\x45\xdf\xa3":
        fmt = "WEBM" if b"webm" in head[:64] else "MKV"
        return Sniffed(MediaKind.VIDEO, fmt, "matroska")
    if head[4:8] == b"ftyp":
        brand = head[8:12]
        if brand in _IMAGE_BRANDS:
            raise UnsupportedFormat("HEIF/AVIF images are not supported")
        fmt = "MOV" if brand == b"qt  " else "MP4"
        return Sniffed(MediaKind.VIDEO, fmt, "mov")
    if head[4:8] in _QT_ATOMS:
        return Sniffed(MediaKind.VIDEO, "MOV", "mov")
    raise UnsupportedFormat(f"not an allowed image or video format ({_describe(head)})")


def _describe(head: bytes) -> str:
    """A safe, short description of unknown leading bytes for the error message."""
    known = {
        b"%PDF": "PDF document",
        b"PK\x03\x04": "ZIP archive",
        b"<svg": "SVG drawing",
        b"<?xm": "XML document",
        b"8BPS": "Photoshop document",
        b"#EXT": "playlist",
        b"ffco": "FFmpeg concat list",
    }
    for magic, name in known.items():
        if head.lstrip().startswith(magic):
            return name
    return "starts with " + head[:8].hex(" ")
