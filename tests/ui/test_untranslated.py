"""No English left on a Korean screen: every screen `moderator demo --screenshots` draws is
walked in Korean, and any visible text that is still an English source text of the catalog,
or reads as English words with no Hangul, fails its screen.

What may stay as it is: the organisation's own data (queue titles, report references,
categories, URLs, people's names) and the texts of a policy that has no Korean translation.
"""

from __future__ import annotations

import re
from functools import cache

import pytest
from PySide6.QtWidgets import QWidget

from moderator.domain.policy import Policy
from moderator.domain.policy_file import builtin_ids, load_builtin
from moderator.media import MediaPool
from moderator.services import config as config_mod
from moderator.services.demo.build import REVIEWER, demo_profile, ensure_demo
from moderator.services.paths import Paths
from moderator.services.workspace import open_workspace, sign_in
from moderator.ui.screenshots import STATES, capture
from tests.ui.visible_texts import HANGUL, untranslated, visible_texts

pytestmark = [pytest.mark.gui, pytest.mark.slow]

# Every screen the screenshots draw: the review window's states, the wellbeing screens and
# the supervisor's tools.
DONE = (*STATES, "gating", "sync-status", "wellbeing-status-bar", "break-screen",
        "break-screen-hard", "check-in", "check-in-stop", "first-run", "training-admin",
        "team-exposure", "gold-items", "console", "dashboard",
        "adjudication", "admin", "dashboard-actions", "actions",
        "notices", "bank-match", "review-group")  # fmt: skip
# Not walked here: the KCC report, an HTML page in a browser widget whose words
# `visible_texts` does not read (the regulators' report tests check its Korean), and its
# English twin, drawn in English on purpose.
ENGLISH = {"report-kcc-ko", "report-kcc-en"}
# The demo's own data, which the organisation wrote in English.
DATA = re.compile(
    r"^(Illegal filming and synthetic sexual media|CSAM|General platform|Supervisor|"
    r"Platform|Child sexual abuse)[^\n]*$|^[\w.\-]+$|^https?://|"
    r"^Moderator · [\w.\-]+ · [\w.\-]+$|"  # the window title: the program, profile and person
    r"^[\w.\-]+( · [\w.\-]+)+$"  # a report's source, channel and platform
)


OPTION = re.compile(r"^\d+\.?\s+")


def policy_texts(policy: Policy) -> set[str]:
    texts = {policy.title, policy.description}
    for q in policy.questions:
        texts |= {q.text, q.help, *(c.label for c in q.choices)}
    for o in policy.outcomes:
        basis = "\n".join(o.legal_basis)
        texts |= {o.label, o.description, basis, "\n".join(t for t in (o.description, basis) if t)}
    return texts | {r.message for r in policy.rules}


@cache
def allowed() -> frozenset[str]:
    """Texts of the shipped policies that have no Korean yet (their files' work, not ours)."""
    out: set[str] = set()
    for pid in builtin_ids():
        policy = load_builtin(pid)
        if "ko" not in policy.languages:
            out |= policy_texts(policy)
    return frozenset(out)


@pytest.fixture(scope="module")
def korean_screens(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    from PySide6.QtWidgets import QApplication

    from moderator.ui.common import fonts, i18n

    app = QApplication.instance() or QApplication([])
    assert isinstance(app, QApplication)
    home = tmp_path_factory.mktemp("home")
    paths = Paths.resolve(home)
    workspace, _built = ensure_demo(paths, progress=lambda _m: None)
    workspace.close()
    fonts.install(app)
    i18n.install("ko")
    seen: dict[str, list[str]] = {}

    def inspect(widget: QWidget, name: str) -> None:
        seen[name] = visible_texts(widget)

    workspace = open_workspace(demo_profile(paths), config_mod.load(paths))
    try:
        with MediaPool(workers=2) as pool:
            capture(workspace, sign_in(workspace, REVIEWER), pool, home / "shots", inspect)
    finally:
        workspace.close()
        i18n.install("en")
    return seen


def policy_lines(text: str, policy: frozenset[str]) -> bool:
    """Lines of "question  answer" (adjudication's two reviews) whose every piece is a text of
    a policy with no Korean, or Korean."""
    pieces = [p.strip() for line in text.splitlines() for p in line.split("  ") if p.strip()]
    return bool(pieces) and all(p in policy or HANGUL.search(p) for p in pieces)


def english_on(screens: dict[str, list[str]], name: str) -> list[str]:
    assert name in screens, f"the screenshots drew no {name!r}"
    # "2  No" is a choice, "3. How was it made?  (선택)" a question: their policy's words.
    texts = [OPTION.sub("", t).removesuffix("  (선택)") for t in screens[name]]
    texts = [t for t in texts if not DATA.search(t) and not policy_lines(t, allowed())]
    return untranslated(texts, allowed())


@pytest.mark.parametrize("name", DONE)
def test_a_reviewers_screen_is_all_korean(korean_screens: dict[str, list[str]], name: str) -> None:
    found = english_on(korean_screens, name)
    assert not found, f"English on {name}: " + " | ".join(found)


def test_the_walk_reaches_every_screen(korean_screens: dict[str, list[str]]) -> None:
    assert set(DONE) <= set(korean_screens)
    assert all(korean_screens[name] for name in DONE)
    # A new screen is walked too: it goes into DONE (in Korean) or, said why, ENGLISH.
    assert set(korean_screens) - set(DONE) <= ENGLISH
