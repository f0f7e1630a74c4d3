"""The CLI in Korean: `--lang`, else config's `language`, else the locale; the compliance and
KCC reports in Korean with labels, not codes; what machines read (JSON, CSV) unchanged."""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from moderator.cli import main
from moderator.services import config as config_mod
from moderator.services import i18n
from moderator.services.organisation import Organisation
from moderator.services.paths import Paths
from moderator.services.workspace import Workspace, open_workspace
from tests.helpers import regulators, seed

LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE")


@pytest.fixture(autouse=True)
def english_machine(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No locale from the machine running the tests; English again afterwards."""
    for name in LOCALE_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    yield
    i18n.install("en")


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def seeded(home: Path) -> Iterator[Workspace]:
    """Two decided reports on 1 May 2026 (Seoul): one in the Korean policy's queue."""
    paths = Paths.resolve(home)
    config = config_mod.load(paths)
    ws = open_workspace(config.profile(None, paths), config)
    now = ws.now()
    at = datetime(2026, 5, 1, 3, tzinfo=UTC)
    try:
        with ws.transaction() as s:
            kr = seed.queue(s, "kr", now, policy_id="kr-illegal-filming")
            boss = seed.reviewer(s, "boss", now, role=seed.Role.SUPERVISOR)
            rid, _ = regulators.report(s, kr, at, category="illegal_filming")
            regulators.decide(s, rid, boss.id, "illegal_filming", at,
                              policy_id="kr-illegal-filming")  # fmt: skip
            rid, _ = regulators.report(s, kr, at, category="illegal_filming")
            regulators.decide(s, rid, boss.id, "no_violation", at, policy_id="kr-illegal-filming")
        Organisation(ws, "boss").change({"timezone": "Asia/Seoul"})
        yield ws
    finally:
        ws.close()


def set_language(home: Path, lang: str) -> None:
    paths = Paths.resolve(home)
    config = config_mod.load(paths)
    config.language = lang
    config_mod.save(paths, config)


# --- which language -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "ko"}, "ko"),
        ({"LANG": "ko_KR.UTF-8", "LC_ALL": "C"}, "en"),  # LC_ALL wins, even when it is "C"
        ({"LANG": "en_GB.UTF-8", "LC_MESSAGES": "ko_KR.UTF-8"}, "ko"),
        ({"LANG": "fr_FR.UTF-8"}, "en"),  # not one we speak
        ({"LANG": "C.UTF-8"}, "en"),
    ],
)
def test_the_locale_decides_when_nothing_else_does(environ: dict[str, str], expected: str) -> None:
    assert i18n.choose(None, None, environ) == expected


def test_lang_beats_the_config_which_beats_the_locale() -> None:
    korean = {"LANG": "ko_KR.UTF-8"}
    assert i18n.choose(None, "en", korean) == "en"
    assert i18n.choose("ko", "en", {}) == "ko"
    assert i18n.choose("en", "ko", korean) == "en"
    with pytest.raises(ValueError, match="fr"):
        i18n.choose("fr", None, {})


def test_a_korean_locale_makes_the_cli_korean_and_lang_en_undoes_it(
    capsys: pytest.CaptureFixture[str], home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("LANG", "ko_KR.UTF-8")
    _code, out, _err = cli(capsys, "queue", "status")
    assert out.split() == ["대기열", "대기", "배정됨", "결정됨"]
    _code, out, _err = cli(capsys, "--lang", "en", "queue", "status")
    assert out.split() == ["queue", "queued", "claimed", "decided"]


def test_the_config_language_makes_the_cli_korean(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    set_language(home, "ko")
    code, _out, err = cli(capsys, "queue", "list", "--queue", "nowhere")
    assert code == 1
    assert err.startswith("moderator: 오류: ")


def test_a_broken_config_is_reported_not_hidden_by_the_language(
    capsys: pytest.CaptureFixture[str], home: Path
) -> None:
    home.mkdir(parents=True, exist_ok=True)
    Paths.resolve(home).config_file.write_text("language = [", encoding="utf-8")
    code, _out, err = cli(capsys, "queue", "status")
    assert code == 1
    assert "not valid TOML" in err


def test_an_unknown_global_language_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--lang", "fr", "queue", "status"])
    assert exit_info.value.code == 2
    assert "invalid choice: 'fr'" in capsys.readouterr().err


def test_the_global_lang_reaches_the_window_commands() -> None:
    from moderator.cli import _install_language, build_parser

    args = build_parser().parse_args(["--lang", "ko", "gui"])
    _install_language(args)
    assert args.lang == "ko"
    assert i18n.current().lang == "ko"
    args = build_parser().parse_args(["--lang", "ko", "gui", "--lang", "en"])
    _install_language(args)
    assert args.lang == "en"  # the command's own option is nearer
    assert i18n.current().lang == "en"  # and the services' words agree with the window


# --- the common commands in Korean ------------------------------------------------------------


def test_audit_verify_speaks_korean(capsys: pytest.CaptureFixture[str], home: Path) -> None:
    code, out, err = cli(capsys, "--lang", "ko", "audit", "verify")
    assert code == 0, err
    assert out == "검증 완료: 작업 공간 데이터베이스의 체인 0개, 온전한 이벤트 0건\n"


def test_common_commands_speak_korean(
    capsys: pytest.CaptureFixture[str], seeded: Workspace, tmp_path: Path
) -> None:
    manifest = tmp_path / "in.jsonl"
    manifest.write_text('{"external_ref": "k-1", "reported_category": "x"}\n{\n', "utf-8")
    code, out, err = cli(capsys, "--lang", "ko", "ingest", str(manifest), "--queue", "kr")
    assert "신고 1건 추가, 0건은 이미 있음, 1건 거부, 미디어 0개" in out
    assert err.startswith("거부됨 ")
    code, out, err = cli(capsys, "--lang", "ko", "people", "add", "park", "--role", "reviewer",
                         "--as", "boss")  # fmt: skip
    assert code == 0, err
    assert out.startswith("추가됨 park")
    code, out, err = cli(capsys, "--lang", "ko", "people", "deactivate", "park", "--as", "boss")
    assert code == 0, err
    assert "park 계정을 비활성화했습니다: 이제 로그인하거나 신고를 배정받을 수 없습니다" in out
    code, _out, err = cli(capsys, "--lang", "ko", "action", "list", "--as", "park")
    assert code == 1
    assert err.startswith("moderator: 오류: ")  # the service's reason itself stays English
    code, out, err = cli(capsys, "--lang", "ko", "action", "list", "--as", "boss")
    assert code == 0, err
    head, *rows, last = out.splitlines()
    header = ["id", "신고", "대기열", "호스트", "조치", "상태", "기한", "후속", "알림"]
    assert head.split() == header
    assert rows[0].split()[-1] == "기한초과"
    assert last == "기한 초과 3건: `moderator action list --overdue`"


def test_json_is_the_same_in_every_language(
    capsys: pytest.CaptureFixture[str], seeded: Workspace
) -> None:
    outputs = {}
    for lang in ("en", "ko"):
        code, out, _err = cli(capsys, "--lang", lang, "audit", "verify", "--json")
        outputs[lang] = (code, json.loads(out))
    assert outputs["ko"] == outputs["en"]
    _c, en, _e = cli(capsys, "--lang", "en", "queue", "status", "--json")
    _c, ko, _e = cli(capsys, "--lang", "ko", "queue", "status", "--json")
    assert en == ko


# --- the compliance report ----------------------------------------------------------------------


def compliance(capsys: pytest.CaptureFixture[str], out: Path, *lang: str) -> tuple[str, str]:
    period = ("--from", "2026-05-01", "--to", "2026-05-31", "--tz", "Asia/Seoul")
    code, stdout, err = cli(capsys, *lang, "report", "compliance", *period, "--out", str(out))
    assert code == 0, err
    return stdout, (out / "report.html").read_text(encoding="utf-8")


def test_the_compliance_report_in_korean_has_labels_not_codes(
    capsys: pytest.CaptureFixture[str], seeded: Workspace, tmp_path: Path
) -> None:
    stdout, page = compliance(capsys, tmp_path / "ko", "--lang", "ko")
    assert "2026. 5. 1. ~ 2026. 5. 31.(양일 포함, Asia/Seoul): 접수 2건, 처리 2건" in stdout
    assert f"저장함 {tmp_path / 'ko' / 'report.html'}" in stdout
    assert '<html lang="ko">' in page
    assert "<h1>콘텐츠 검토 컴플라이언스 보고서</h1>" in page
    assert "<h2>1. 신고 접수 및 처리</h2>" in page
    assert "<th>대기열</th><th class=n>접수</th>" in page
    # the outcomes in the Korean policy's own words, not their codes
    assert "<td>불법촬영물: 삭제·차단 및 신고</td>" in page
    assert "<td>위반 없음</td>" in page
    assert "<td>illegal_filming</td>" not in page
    assert "<td>no_violation</td>" not in page
    assert "기간: 2026. 5. 1. 00:00부터 2026. 6. 1. 00:00 전까지(Asia/Seoul)" in page
    assert "전체 대기열" in page
    for english in ("Reports received", "Outcome (as it stands)", "Training of staff",
                    "nothing in this period", "Audit log", "no data"):  # fmt: skip
        assert english not in page


def test_the_compliance_report_in_english_shows_the_english_labels(
    capsys: pytest.CaptureFixture[str], seeded: Workspace, tmp_path: Path
) -> None:
    stdout, page = compliance(capsys, tmp_path / "en")
    assert "2026-05-01 to 2026-05-31 (both included, Asia/Seoul): 2 received, 2 handled" in stdout
    assert '<html lang="en">' in page
    assert "<td>Illegal filming: delete, block and report</td>" in page
    assert "2026-05-01 00:00 to 2026-06-01 00:00" in page


def test_the_compliance_csv_keeps_machine_columns_and_codes_in_korean(
    capsys: pytest.CaptureFixture[str], seeded: Workspace, tmp_path: Path
) -> None:
    """The CSV is for spreadsheets and scripts: the same columns and codes in every language."""
    compliance(capsys, tmp_path / "ko", "--lang", "ko")
    compliance(capsys, tmp_path / "en", "--lang", "en")
    for name in ("queues.csv", "outcomes.csv", "reviewers.csv", "training.csv"):
        ko = (tmp_path / "ko" / name).read_text(encoding="utf-8")
        assert ko == (tmp_path / "en" / name).read_text(encoding="utf-8"), name
    with (tmp_path / "ko" / "outcomes.csv").open(encoding="utf-8") as f:
        rows = list(csv.reader(f))
    assert rows[0] == ["outcome", "reports"]
    assert {r[0] for r in rows[1:]} == {"illegal_filming", "no_violation"}


# --- the KCC report -----------------------------------------------------------------------------


def kcc(capsys: pytest.CaptureFixture[str], out: Path, *before: str) -> tuple[str, str]:
    """`moderator BEFORE... report kcc --year 2026 --out OUT`: its output and its page."""
    code, stdout, err = cli(capsys, *before, "report", "kcc", "--year", "2026", "--out", str(out))
    assert code == 0, err
    return stdout, (out / "kcc-2026.html").read_text(encoding="utf-8")


def test_the_kcc_report_is_korean_whatever_the_cli_speaks(
    capsys: pytest.CaptureFixture[str], seeded: Workspace, tmp_path: Path, home: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    set_language(home, "en")
    monkeypatch.setenv("LANG", "en_US.UTF-8")
    stdout, page = kcc(capsys, tmp_path / "k")
    assert "2026 (Asia/Seoul): 2 received" in stdout  # the messages: English, as configured
    assert '<html lang="ko">' in page
    assert "<h1>불법촬영물등 유통방지에 관한 투명성 보고서</h1>" in page
    # labels, not codes: the category, the policy's Korean title and outcome, its Korean statute
    assert "<td>불법촬영물</td>" in page
    assert "<td>illegal_filming</td>" not in page
    assert "불법촬영물 및 허위영상물(성적 합성물) (kr-illegal-filming@" in page
    assert "<td>불법촬영물: 삭제·차단 및 신고</td>" in page
    assert "성폭력범죄의 처벌 등에 관한 특례법 제14조" in page
    assert "성적 행위나 신체의 은밀한 부위가 보입니까?" in page  # the checklist, in Korean
    assert "Illegal filming" not in page
    generated = page.split("작성 일시: ")[1]
    assert re.match(r"20\d\d\. \d{1,2}\. \d{1,2}\. \d\d:\d\d \(Asia/Seoul\)", generated)


def test_the_kcc_report_in_english_on_request(
    capsys: pytest.CaptureFixture[str], seeded: Workspace, tmp_path: Path
) -> None:
    for i, args in enumerate((("--lang", "en"), ())):
        out = tmp_path / f"k{i}"
        if args:
            _stdout, page = kcc(capsys, out, *args)  # moderator --lang en report kcc
        else:
            code, _o, err = cli(capsys, "report", "kcc", "--year", "2026", "--out", str(out),
                                "--lang", "en")  # fmt: skip
            assert code == 0, err
            page = (out / "kcc-2026.html").read_text(encoding="utf-8")
        assert '<html lang="en">' in page
        assert "<td>Illegal filming: delete, block and report</td>" in page
        assert "<td>illegally filmed material</td>" in page


def test_korean_messages_with_a_korean_kcc_report(
    capsys: pytest.CaptureFixture[str], seeded: Workspace, tmp_path: Path
) -> None:
    stdout, page = kcc(capsys, tmp_path / "k", "--lang", "ko")
    assert "2026년(Asia/Seoul): 접수 2건, 처리 2건, 삭제 또는 접속차단 1건" in stdout
    assert f"저장함 {tmp_path / 'k' / 'kcc-2026.html'}" in stdout
    assert '<html lang="ko">' in page


def test_deadlines_count_down_in_korean() -> None:
    from datetime import timedelta

    from moderator.cli.action import countdown, when

    now = datetime(2026, 12, 1, 15, 30, tzinfo=UTC)
    i18n.install("ko")
    assert countdown(now + timedelta(days=3, hours=4), now) == "3일 4시간 남음"
    assert countdown(now + timedelta(minutes=7), now) == "7분 남음"
    assert countdown(now - timedelta(hours=5), now) == "5시간 초과"
    assert when(now, ZoneInfo("Asia/Seoul")) == "2026. 12. 2. 00:30"
    i18n.install("en")
    assert countdown(now + timedelta(days=3, hours=4), now) == "3d 4h left"
    assert countdown(now - timedelta(hours=5), now) == "OVERDUE 5h"
    assert when(now, ZoneInfo("Asia/Seoul")) == "2026-12-02 00:30"
