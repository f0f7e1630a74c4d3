"""VICS JSON: categories, MD5/SHA1, alternate hashes and PhotoDNA kept; bad items named."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from moderator.domain.banks import EntryRow
from moderator.domain.banks_vics import format_vics, parse_vics

LIST = {
    "odata.metadata": "http://github.com/ICMEC/ProjectVic/DataModels/1.3.xml#Media",
    "value": [
        {
            "MediaID": 7,
            "Category": 1,
            "MD5": "CD" * 16,
            "SHA1": "AB" * 20,
            "PhotoDNA": "AAECAwQF" * 8,
            "AlternativeHashes": [
                {"HashName": "SHA256", "HashValue": "ef" * 32},
                {"HashName": "PDQ", "HashValue": "f" * 32 + "0" * 32},
                {"HashName": "Other", "HashValue": "x"},
            ],
        },
        {"MediaID": 8, "Category": 2},
        {"MediaID": 9, "MD5": "zz"},
        {"MediaID": 10, "Category": 3, "MD5": "12" * 16},
    ],
}


def rows(parsed_entries: list, bank: str = "b") -> list[EntryRow]:
    now = datetime(2026, 12, 1, tzinfo=UTC)
    return [
        EntryRow(bank, e.signal.kind, e.signal.value, "sue", now, "sue", "", "x", "", "", e.extra)
        for e in parsed_entries
    ]


def test_a_vics_list_is_read_and_bad_items_are_named() -> None:
    parsed = parse_vics(json.dumps(LIST))
    kinds = sorted(e.signal.kind for e in parsed.entries)
    assert kinds == ["md5", "md5", "pdq", "photodna", "sha1", "sha256"]
    assert [(e.line, "media item" in e.reason) for e in parsed.errors] == [(2, True), (3, True)]
    photodna = next(e for e in parsed.entries if e.signal.kind == "photodna")
    assert photodna.signal.value == "AAECAwQF" * 8  # kept as given, case and all
    assert parse_vics("{").errors[0].reason.startswith("not JSON")


def test_vics_round_trips_with_categories_grouped_back() -> None:
    first = parse_vics(json.dumps(LIST))
    text = format_vics(rows(first.entries))
    out = json.loads(text)
    assert [m.get("Category") for m in out["value"]] == [1, 3]
    assert out["value"][0]["PhotoDNA"] == "AAECAwQF" * 8
    again = parse_vics(text)
    assert again.errors == []
    assert {(e.signal.kind, e.signal.value) for e in again.entries} == {
        (e.signal.kind, e.signal.value) for e in first.entries
    }
