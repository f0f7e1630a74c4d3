"""`moderator media probe`: the sandboxed pool from the command line, pixels never printed."""

from __future__ import annotations

import argparse
import io
import json

import pytest

from moderator.cli import media as media_cli
from tests.media.util import Media


def parse(*argv: str) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="moderator")
    media_cli.register(parser.add_subparsers(dest="command"))
    return parser.parse_args(list(argv))


def probe(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    args = parse("media", "probe", *argv)
    return args.func(args, out), out.getvalue()


def test_json_report_per_file(media: Media) -> None:
    paths = [media.photo, media.clip_audio, media.hostile / "truncated.jpg", media.folder / "no"]
    code, text = probe("--json", *map(str, paths))
    assert code == 0
    photo, clip, truncated, missing = json.loads(text)
    assert photo["ok"]
    assert photo["info"]["format"] == "JPEG"
    assert (photo["info"]["width"], photo["info"]["height"]) == (1600, 1200)
    assert len(photo["hashes"]["pdq"]) == 64
    assert clip["info"]["has_audio"]
    assert clip["info"]["duration_s"] == pytest.approx(4.0, abs=0.15)
    assert [f["seconds"] for f in clip["hashes"]["pdq_frames"]] == [0.0, 1.0, 2.0, 3.0]
    assert not truncated["ok"]
    assert truncated["error"]["kind"] == "corrupt"
    assert len(truncated["hashes"]["sha256"]) == 64  # bytes still hashed
    assert missing["error"]["kind"] == "missing"
    assert missing["hashes"] is None


def test_text_report(media: Media) -> None:
    code, text = probe(str(media.photo), str(media.hostile / "bomb.png"), str(media.clip))
    assert code == 0
    assert f"{media.photo}: ok image JPEG 1600x1200, 1 frame" in text
    assert f"{media.hostile / 'bomb.png'}: too_large:" in text
    assert "h264, no audio" in text
    assert text.count("sha256") == 3


@pytest.mark.parametrize("argv", [[], ["--timeout", "0", "x"], ["--workers", "none", "x"]])
def test_usage_errors_exit_2(argv: list[str]) -> None:
    with pytest.raises(SystemExit) as caught:
        parse("media", "probe", *argv)
    assert caught.value.code == 2
