"""`moderator bank add|list|import|export|retire`, in process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from moderator.cli import main

PDQ = "f" * 32 + "0" * 32
SHA = "ab" * 32


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_bank_commands(capsys: pytest.CaptureFixture[str], home: Path, tmp_path: Path) -> None:
    assert cli(capsys, "setup", "--org", "X", "--supervisor", "sue", "--timezone", "UTC")[0] == 0
    assert cli(capsys, "queue", "add", "inbox", "--policy", "platform-generic")[0] == 0
    add = ("bank", "add", "iwf", "--action", "known", "--outcome", "remove")
    code, out, err = cli(
        capsys, *add, "--signals", "sha256,pdq", "--threshold", "20", "--source", "partner"
    )
    assert code == 0, err
    assert "bank iwf added (known; sha256, pdq; threshold 20)" in out
    code, _out, err = cli(capsys, "bank", "add", "r", "--action", "route", "--route-to", "nope")
    assert code == 1
    assert "no queue named 'nope'" in err
    listing = tmp_path / "list.txt"
    listing.write_text(f"pdq {PDQ}\nsha256 {SHA}\nsha256 zz\n", encoding="utf-8")
    code, out, err = cli(capsys, "bank", "import", "iwf", str(listing), "--format", "hma")
    assert code == 1  # a bad line
    assert f"{listing}:line 3: a sha256 value is 64 hex digits" in err
    assert "2 entries added, 0 already there, 1 bad lines" in out
    code, out, _err = cli(capsys, "bank", "import", "iwf", str(listing), "--format", "hma")
    assert "0 entries added, 2 already there" in out
    out_file = tmp_path / "out.csv"
    assert cli(capsys, "bank", "export", "iwf", "--format", "csv", "-o", str(out_file))[0] == 0
    assert out_file.read_text("utf-8").splitlines()[1].startswith(f"pdq,{PDQ},,sue,")
    code, out, _err = cli(capsys, "bank", "export", "iwf", "--format", "hma")
    assert out == f"pdq {PDQ}\nsha256 {SHA}\n"
    code, out, _err = cli(capsys, "bank", "list", "--json")
    (bank,) = json.loads(out)
    assert (bank["name"], bank["entries"], bank["source"]) == ("iwf", 2, "partner")
    code, out, _err = cli(capsys, "bank", "retire", "iwf", "--entry", f"sha256 {SHA}")
    assert "1 entries retired" in out
    assert cli(capsys, "bank", "retire", "iwf")[0] == 0
    code, out, _err = cli(capsys, "bank", "list")
    header, row = out.splitlines()
    assert header.split() == [
        "BANK", "ACTION", "DOES", "SIGNALS", "THRESHOLD", "ENTRIES", "SOURCE", "STATE"
    ]  # fmt: skip
    assert row.split() == ["iwf", "known", "remove", "sha256,pdq", "20", "1", "partner", "retired"]


def test_bank_feed_feeds_and_rematch(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    assert cli(capsys, "setup", "--org", "X", "--supervisor", "sue", "--timezone", "UTC")[0] == 0
    assert cli(capsys, "queue", "add", "inbox", "--policy", "platform-generic")[0] == 0
    assert cli(capsys, "bank", "add", "own", "--action", "flag")[0] == 0
    code, _out, err = cli(capsys, "bank", "feed", "inbox")
    assert code == 1
    assert "name the BANK its outcomes go into" in err
    assert len(err.strip().splitlines()) == 1
    code, _out, err = cli(capsys, "bank", "feed", "nowhere", "own", "--outcome", "remove")
    assert (code, err.strip()) == (1, "moderator: error: no queue named 'nowhere'")
    code, _out, err = cli(capsys, "bank", "feed", "inbox", "own")
    assert "at least one --outcome" in err
    code, out, err = cli(
        capsys, "bank", "feed", "inbox", "own", "--outcome", "remove", "--confirm", "either"
    )
    assert code == 0, err
    assert "queue inbox sends remove to bank own once confirmed (either)" in out
    code, out, _err = cli(capsys, "bank", "feeds", "--json")
    assert json.loads(out) == [
        {"queue": "inbox", "bank": "own", "outcomes": ["remove"], "confirm": "either"}
    ]
    code, out, _err = cli(capsys, "bank", "rematch")
    assert (code, out.strip()) == (
        0, "0 open reports re-matched: 0 changed (0 decided as known, 0 routed, 0 flagged)"
    )  # fmt: skip
    assert cli(capsys, "bank", "feed", "inbox", "--stop")[0] == 0
    code, out, _err = cli(capsys, "bank", "feeds")
    assert "no queue sends its outcomes" in out
