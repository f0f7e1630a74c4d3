"""The decision form: number keys, consistency rules, submit disabled with a reason."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from moderator.domain.policy_file import load_builtin, parse_policy
from moderator.ui.review.checklist import Checklist, Draft
from moderator.ui.review.checklist_view import ChecklistView
from tests.domain.test_policy import GOOD


def make(qtbot: QtBot, policy_id: str = "platform-generic") -> tuple[Checklist, ChecklistView]:
    checklist = Checklist(load_builtin(policy_id))
    view = ChecklistView(checklist)
    qtbot.addWidget(view)
    return checklist, view


def test_number_keys_answer_and_move_on(qtbot: QtBot) -> None:
    checklist, view = make(qtbot)
    checklist.press(8)  # violation: spam or scam
    assert checklist.current == 1
    checklist.press(2)  # minor: no
    checklist.press(1)  # severity: low
    assert checklist.current == checklist.outcome_index
    checklist.press(3)  # outcome 3: remove
    assert checklist.answers == {"violation": "spam_scam", "minor": "no", "severity": "low"}
    assert checklist.outcome == "remove"
    assert checklist.verdict.ok
    assert view.submit.isEnabled()
    assert view.reason.text() == ""


def test_submit_stays_disabled_with_the_reason(qtbot: QtBot) -> None:
    checklist, view = make(qtbot)
    assert not view.submit.isEnabled()
    assert view.reason.text() == "Cannot submit yet: Answer: What does the media show?"


def test_a_forbidden_outcome_is_refused_by_key_and_disabled(qtbot: QtBot) -> None:
    checklist, view = make(qtbot)
    checklist.set_answer("minor", "yes")
    checklist.go_to(checklist.outcome_index)
    with qtbot.waitSignal(checklist.refused) as refused:
        checklist.press(1)  # no violation
    assert refused.args == ["A minor may be depicted: refer to a specialist queue."]
    assert checklist.outcome is None
    buttons = {str(b.property("choice")): b for b in view._groups[""].buttons()}
    assert not buttons["no_violation"].isEnabled()
    assert buttons["refer_specialist"].isEnabled()


def test_an_answer_that_rules_out_the_chosen_outcome_says_why(qtbot: QtBot) -> None:
    checklist, view = make(qtbot, "kr-illegal-filming")
    checklist.choose_outcome("illegal_filming")
    checklist.set_answer("origin", "synthetic")
    assert checklist.outcome == "illegal_filming"
    assert view.reason.text() == (
        "Cannot submit yet: Synthetic sexual media falls under Art. 14-2 (false video), "
        "not Art. 14."
    )
    assert not view.submit.isEnabled()


def test_media_unreviewable_needs_no_answers(qtbot: QtBot) -> None:
    checklist, view = make(qtbot, "iwf-csam-grading")
    checklist.go_to(checklist.outcome_index)
    checklist.press(5)  # media unreviewable
    assert view.submit.isEnabled()
    decision = checklist.decision(12.5, 0.0)
    assert decision.outcome == "media_unreviewable"
    assert decision.policy_id == "iwf-csam-grading"
    assert decision.policy_hash == checklist.policy.sha256
    assert decision.answers["child"] is None  # the full answers, unanswered included


def test_multiple_choice_toggles_and_text_asks_for_the_keyboard(qtbot: QtBot) -> None:
    checklist = Checklist(parse_policy(GOOD.encode(), "t.toml"))
    view = ChecklistView(checklist)
    qtbot.addWidget(view)
    checklist.go_to(1)  # "kind": multiple choice
    checklist.press(2)
    checklist.press(1)
    assert checklist.answers["kind"] == ["a", "b"]
    assert checklist.current == 1  # several answers: the reviewer moves on themselves
    checklist.press(2)
    assert checklist.answers["kind"] == ["a"]
    checklist.move(1)  # "comment": free text
    with qtbot.waitSignal(checklist.edit_requested) as asked:
        checklist.press(1)
    assert asked.args == ["comment"]
    view.current_editor().setPlainText("seen before")
    assert checklist.answers["comment"] == "seen before"


def test_drafts_restore_everything(qtbot: QtBot) -> None:
    checklist, view = make(qtbot)
    checklist.restore(Draft({"violation": "hate", "minor": "no"}, "remove", "n"))
    assert checklist.draft() == Draft({"violation": "hate", "minor": "no"}, "remove", "n")
    checked = [b.accessibleName() for b in view._groups["violation"].buttons() if b.isChecked()]
    assert checked == ["7  Hate"]
    checklist.restore(Draft())
    assert not any(b.isChecked() for b in view._groups["violation"].buttons())


def test_buttons_never_take_focus_and_show_their_keys(qtbot: QtBot) -> None:
    _checklist, view = make(qtbot)
    for group in view._groups.values():
        for button in group.buttons():
            assert button.focusPolicy().name == "NoFocus"
    assert "Ctrl+Return" in view.submit.toolTip()
