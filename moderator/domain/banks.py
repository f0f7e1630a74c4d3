"""Hash banks, pure: signal types, actions, the bank's rows, and the exchange formats.

Formats (each bad line is named with its number; good lines still count):
- `hma`: Meta's Hasher-Matcher-Actioner text lines, "signal_type value" (blank lines and
  lines starting with "#" are skipped).
- `csv`: a header with at least `signal,value`; optional `note`, `confirmed_by`,
  `confirmed_at`, `report` columns carry provenance.
- `vics`: Project VIC / VICS JSON (see `moderator.domain.banks_vics`).

A vPDQ value is the video's frame PDQs, comma-separated 64-hex digit hashes.
SHA-1 and PhotoDNA are kept and passed on (VICS lists carry them) but never matched here.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from moderator.domain.errors import ModeratorError


class BankError(ModeratorError):
    """A bank request that cannot be carried out (unknown bank, bad option)."""


class Action(StrEnum):
    KNOWN = "known"  # decided with the bank's outcome, no one views it; audited as automated
    ROUTE = "route"  # sent to the bank's queue, the match shown
    FLAG = "flag"  # the match shown to the reviewer


class Source(StrEnum):
    OWN = "own"
    PARTNER = "partner"
    REGULATOR = "regulator"


MATCHABLE = ("sha256", "md5", "pdq", "vpdq")
KEPT = ("sha1", "photodna")  # passed on in exports, never computed or matched
SIGNALS = MATCHABLE + KEPT
FORMATS = ("hma", "vics", "csv")
PDQ_THRESHOLD = 31  # Meta's recommended Hamming distance for PDQ
VPDQ_FRAME_THRESHOLD = 31
VPDQ_MATCH_PERCENT = 80  # share of frames (both ways) that must match
MAX_THRESHOLD = 63

_HEX = {"sha256": 64, "md5": 32, "pdq": 64, "sha1": 40}
_HEX_RE = re.compile(r"^[0-9a-f]+$")
_ALIASES = {"pdq_hash": "pdq", "video_md5": "md5", "md5_hash": "md5", "sha-256": "sha256"}


@dataclass(frozen=True, slots=True)
class Signal:
    kind: str
    value: str

    @property
    def digest(self) -> str:
        """The entry's identity inside a bank (values can be long: vPDQ)."""
        return hashlib.sha256(f"{self.kind}:{self.value}".encode()).hexdigest()


@dataclass(frozen=True, slots=True)
class Incoming:
    """One entry read from a file, with where it came from."""

    signal: Signal
    line: int
    note: str = ""
    confirmed_by: str = ""
    confirmed_at: str = ""
    report_uid: str = ""
    extra: str = ""  # JSON kept for export (VICS categories, alternate hashes)


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    reason: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.reason}"


@dataclass(slots=True)
class Parsed:
    entries: list[Incoming] = field(default_factory=list)
    errors: list[LineError] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class BankRow:
    name: str
    source: str
    source_name: str
    action: str
    signals: tuple[str, ...]
    threshold: int
    outcome: str
    route_queue: str
    safe_list: bool
    entries: int
    created_by: str
    created_at: datetime
    retired_at: datetime | None


@dataclass(frozen=True, slots=True)
class EntryRow:
    """A bank entry with its provenance."""

    bank: str
    signal: str
    value: str
    added_by: str
    added_at: datetime
    confirmed_by: str
    confirmed_at: str  # ISO text as confirmed (a partner's file may carry its own)
    origin: str
    report_uid: str
    note: str
    extra: str
    retired_at: datetime | None = None


@dataclass(frozen=True, slots=True)
class BankMatchRow:
    """A report's media item matched a bank entry: the explanation shown with the report."""

    position: int
    bank: str
    signal: str
    distance: int
    action: str  # known (no one viewed it) | route | flag | safe | suppressed
    confirmed_by: str
    confirmed_at: str
    origin: str  # "import:FILE:LINE" or the decision it came from
    from_report: str

    @property
    def explained(self) -> str:
        """One line: which item, bank, signal and distance, what was done, the provenance."""
        signal = SIGNAL_NAMES.get(self.signal, self.signal)
        how = "exact" if self.signal in ("sha256", "md5") else f"distance {self.distance}"
        text = f"Item {self.position + 1}: bank {self.bank}, {signal} {how}: "
        text += ACTION_TEXT.get(self.action, self.action)
        where = f"report {self.from_report}" if self.from_report else self.origin or "unknown"
        who = self.confirmed_by or "unknown"
        when = f" on {self.confirmed_at[:10]}" if self.confirmed_at else ""
        return f"{text}. Confirmed by {who}{when}, from {where}."


FEED_RULES = ("two", "supervisor", "either")  # who confirms an outcome before it is banked
AUTOMATED_REVIEWER = "automated:hash-bank"  # the decisions no person made; it never signs in
SIGNAL_NAMES = {"sha256": "SHA-256", "md5": "MD5", "pdq": "PDQ", "vpdq": "video PDQ"}
ACTION_TEXT = {
    "known": "known content, decided automatically; no one viewed it",
    "route": "routed to this queue",
    "flag": "flagged for you",
    "safe": "a known false positive (safe list)",
    "suppressed": "overridden by the safe list",
}


def normalise(kind: str, value: str) -> Signal:
    """A checked signal (lower-case hex); ValueError with the reason otherwise."""
    kind = _ALIASES.get(kind.strip().lower(), kind.strip().lower())
    value = value.strip()
    if kind not in SIGNALS:
        raise ValueError(f"unknown signal type {kind!r} (known: {', '.join(SIGNALS)})")
    if kind == "photodna":
        if not value or len(value) > 2000:
            raise ValueError("a PhotoDNA value must be 1..2000 characters")
        return Signal(kind, value)
    value = value.lower()
    if kind == "vpdq":
        frames = [f.strip() for f in value.split(",") if f.strip()]
        if not frames or any(len(f) != 64 or not _HEX_RE.match(f) for f in frames):
            raise ValueError("a vPDQ value is comma-separated 64-digit hex frame hashes")
        return Signal(kind, ",".join(frames))
    if len(value) != _HEX[kind] or not _HEX_RE.match(value):
        raise ValueError(f"a {kind} value is {_HEX[kind]} hex digits, not {value[:80]!r}")
    return Signal(kind, value)


def parse_signals(text: str) -> tuple[str, ...]:
    wanted = tuple(dict.fromkeys(s.strip().lower() for s in text.split(",") if s.strip()))
    unknown = [s for s in wanted if s not in MATCHABLE]
    if unknown or not wanted:
        raise BankError(f"--signals: choose from {', '.join(MATCHABLE)} (not {text!r})")
    return wanted


def parse_hma(text: str) -> Parsed:
    out = Parsed()
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        kind, _, value = line.partition(" ")
        if not value.strip():
            out.errors.append(LineError(number, "expected 'signal_type value'"))
            continue
        try:
            out.entries.append(Incoming(normalise(kind, value), number))
        except ValueError as exc:
            out.errors.append(LineError(number, str(exc)))
    return out


def format_hma(entries: Iterable[EntryRow]) -> str:
    return "".join(f"{e.signal} {e.value}\n" for e in entries if e.signal in MATCHABLE + KEPT)


CSV_FIELDS = ("signal", "value", "note", "confirmed_by", "confirmed_at", "report")


def parse_csv(text: str) -> Parsed:
    out = Parsed()
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    if "signal" not in header or "value" not in header:
        out.errors.append(LineError(1, "the header needs the columns signal,value"))
        return out
    reader.fieldnames = header
    for row in reader:
        number = reader.line_num
        try:
            signal = normalise(row.get("signal") or "", row.get("value") or "")
        except ValueError as exc:
            out.errors.append(LineError(number, str(exc)))
            continue
        out.entries.append(
            Incoming(
                signal,
                number,
                note=(row.get("note") or "").strip(),
                confirmed_by=(row.get("confirmed_by") or "").strip(),
                confirmed_at=(row.get("confirmed_at") or "").strip(),
                report_uid=(row.get("report") or "").strip(),
            )
        )
    return out


def format_csv(entries: Iterable[EntryRow]) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_FIELDS)
    for e in entries:
        writer.writerow([e.signal, e.value, e.note, e.confirmed_by, e.confirmed_at, e.report_uid])
    return buffer.getvalue()
