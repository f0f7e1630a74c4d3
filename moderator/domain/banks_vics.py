"""Project VIC / VICS JSON hash lists (the ODATA "Media" model, version 1.3 and later).

A list is `{"odata.metadata": ..., "value": [Media, ...]}`; each Media item carries `MD5`,
`SHA1`, `PhotoDNA`, a `Category` and `AlternativeHashes` (`[{"HashName", "HashValue"}]`,
where SHA256 and PDQ are found). Every hash of an item becomes a bank entry; the item's
`MediaID` and `Category` are kept with each (`extra`), so an export groups them back into
one item. PhotoDNA values are kept and passed on, never computed or matched here. A bad
item is named by its position in `value` (1-based), as "line" N.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from typing import Any

from moderator.domain.banks import EntryRow, Incoming, LineError, Parsed, normalise

METADATA = "http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media"
_TOP = {"MD5": "md5", "SHA1": "sha1", "PhotoDNA": "photodna"}
_ALTERNATE = {"SHA256": "sha256", "SHA-256": "sha256", "PDQ": "pdq", "VPDQ": "vpdq"}
_NAMES = {"sha256": "SHA256", "pdq": "PDQ", "vpdq": "VPDQ"}


def parse_vics(text: str) -> Parsed:
    out = Parsed()
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        out.errors.append(LineError(exc.lineno, f"not JSON: {exc.msg}"))
        return out
    items = data.get("value") if isinstance(data, dict) else None
    if not isinstance(items, list):
        out.errors.append(LineError(1, 'a VICS list is an object with a "value" list of Media'))
        return out
    for number, item in enumerate(items, start=1):
        try:
            out.entries.extend(_item(number, item))
        except ValueError as exc:
            out.errors.append(LineError(number, f"media item {number}: {exc}"))
    return out


def _item(number: int, item: Any) -> list[Incoming]:
    if not isinstance(item, dict):
        raise ValueError("not an object")
    found: list[tuple[str, str]] = []
    for key, kind in _TOP.items():
        if item.get(key):
            found.append((kind, str(item[key])))
    for alt in item.get("AlternativeHashes") or []:
        if not isinstance(alt, dict):
            raise ValueError("AlternativeHashes holds objects with HashName and HashValue")
        alternate = _ALTERNATE.get(str(alt.get("HashName", "")).upper())
        if alternate is not None and alt.get("HashValue"):
            found.append((alternate, str(alt["HashValue"])))
    if not found:
        raise ValueError("no MD5, SHA1, PhotoDNA or SHA256/PDQ alternate hash")
    extra = json.dumps(
        {"vics_media": item.get("MediaID", number), "category": item.get("Category")},
        sort_keys=True,
    )
    return [Incoming(normalise(kind, value), number, extra=extra) for kind, value in found]


def format_vics(entries: Iterable[EntryRow]) -> str:
    media: dict[str, dict[str, Any]] = {}
    for e in entries:
        try:
            kept = json.loads(e.extra) if e.extra else {}
        except json.JSONDecodeError:
            kept = {}
        key = f"m:{kept['vics_media']}" if "vics_media" in kept else f"e:{e.signal}:{e.value}"
        item = media.setdefault(key, {"MediaID": kept.get("vics_media", len(media) + 1)})
        if kept.get("category") is not None:
            item["Category"] = kept["category"]
        top = {v: k for k, v in _TOP.items()}.get(e.signal)
        if top is not None:
            item[top] = e.value.upper() if e.signal in ("md5", "sha1") else e.value
        else:
            item.setdefault("AlternativeHashes", []).append(
                {"HashName": _NAMES[e.signal], "HashValue": e.value}
            )
    return json.dumps({"odata.metadata": METADATA, "value": list(media.values())}, indent=2) + "\n"
