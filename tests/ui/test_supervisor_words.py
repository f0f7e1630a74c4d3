"""The supervisor tools' figures and explanations in words: in English exactly what the
services write (the CLI and logs say the same), in Korean with no English word left."""

from __future__ import annotations

import itertools

import pytest

from moderator.domain.banks import ACTION_TEXT, SIGNAL_NAMES, BankMatchRow
from moderator.domain.metrics import cohen_kappa, proportion
from moderator.services.compliance.format import show_kappa, show_proportion
from moderator.services.metrics import ExposureSaved, training_summary
from moderator.ui.common import i18n
from moderator.ui.review.bank_text import explained
from moderator.ui.supervisor import dashboard_text
from tests.ui.visible_texts import HANGUL, reads_english

pytestmark = pytest.mark.gui


def matches() -> list[BankMatchRow]:
    rows = []
    for signal, action, (who, at), source in itertools.product(
        SIGNAL_NAMES, ACTION_TEXT, (("analyst@hotline.example", "2026-11-02T10:00"), ("", "")),
        (("", "import:hotline.csv:2"), ("DEMO-7", ""), ("", "")),
    ):  # fmt: skip
        rows.append(BankMatchRow(2, "partner", signal, 4, action, who, at, source[1], source[0]))
    return rows


KAPPAS = [
    cohen_kappa([]),  # nothing rated by both
    cohen_kappa([("a", "a"), ("a", "a")]),  # one category: undefined
    cohen_kappa([("a", "a"), ("b", "b"), ("a", "b"), ("b", "b")]),
]
PROPORTIONS = [proportion(0, 0), proportion(3, 4)]


def test_in_english_the_window_writes_what_the_services_write(qapp: object) -> None:
    i18n.install("en")
    for row in matches():
        assert explained(row) == row.explained
    for k in KAPPAS:
        assert dashboard_text.kappa(k) == show_kappa(k)
    for p in PROPORTIONS:
        assert dashboard_text.proportion(p) == show_proportion(p)
    saved = [ExposureSaved(2, 3), ExposureSaved(2, 3, 90.0), ExposureSaved()]
    for s in saved:
        assert dashboard_text.saved(s) == s.describe()


def test_in_korean_no_english_word_is_left(qapp: object) -> None:
    try:
        i18n.install("ko")
        texts = [explained(r).replace("PDQ", "").replace("SHA-256", "") for r in matches()]
        texts += [dashboard_text.kappa(k) for k in KAPPAS]
        texts += [dashboard_text.proportion(p) for p in PROPORTIONS]
        texts += [dashboard_text.saved(ExposureSaved(2, 3, 90.0))]
        texts += [
            dashboard_text.hours(3.5),
            dashboard_text.hours(60),
            dashboard_text.dimension("queue"),
        ]
        for text in texts:
            assert HANGUL.search(text), text
            assert not reads_english(text.replace("partner", "")), text
        # An unknown training state stays as the service wrote it, rather than half-translated.
        assert dashboard_text.training("2 valid, 1 expiring") == "유효 2개, 만료 임박 1개"
        assert dashboard_text.training("1 lapsed") == "1 lapsed"
    finally:
        i18n.install("en")


def test_training_summary_round_trips_every_state(qapp: object) -> None:
    i18n.install("en")
    summary = "1 valid, 2 expiring, 3 expired, 4 missing"
    assert dashboard_text.training(summary) == summary
    assert training_summary([]) == ""
    assert dashboard_text.training("") == ""
