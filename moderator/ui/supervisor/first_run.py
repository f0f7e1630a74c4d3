"""The first-run dialog: a new workspace gets its organisation and first supervisor.

The window shows it instead of signing in when the workspace has nobody in it yet, and does
what `moderator setup` does: the person at the keyboard becomes the first supervisor under
the name they choose, with the organisation's name, time zone and support contact, and the
shipped policies they tick imported as templates.
"""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import available_timezones

from PySide6.QtWidgets import QComboBox, QLineEdit, QWidget

from moderator.domain.errors import ModeratorError
from moderator.domain.organisation import check_name
from moderator.domain.rows import ReviewerRef
from moderator.domain.wellbeing_profile import builtin_profiles
from moderator.services.config import Profile
from moderator.services.paths import Paths
from moderator.services.policies import shipped_templates
from moderator.services.setup import SetupRequest, remember_person, set_up
from moderator.services.training_csv import local_zone
from moderator.services.workspace import Workspace, sign_in
from moderator.ui.common.forms import FormDialog, checkable_list, checked_items
from moderator.ui.common.i18n import translate
from moderator.ui.common.text import plain


@dataclass(frozen=True)
class FirstRunChoices:
    """What the dialog offers, read off the GUI thread: templates, zones, profiles."""

    policies: list[tuple[str, str]]  # (id, "id (version): title")
    zones: list[str]
    wellbeing: list[str]
    here: str  # this computer's zone, proposed
    username: str  # the login name, proposed


class FirstRunDialog(FormDialog):
    def __init__(self, choices: FirstRunChoices, parent: QWidget | None = None) -> None:
        super().__init__(translate("app", "Set up this workspace"), parent)
        self.choices = choices
        self.form.addRow(
            plain(
                translate(
                    "app",
                    "This workspace is new. Set up your organisation: you become its first "
                    "supervisor, and can then add queues and people (Tools → Admin).",
                )
            )
        )
        self.organisation, self.username = QLineEdit(), QLineEdit(choices.username)
        self.display_name, self.support = QLineEdit(), QLineEdit()
        self.timezone = QComboBox()
        self.timezone.setEditable(True)
        self.timezone.addItems(choices.zones)
        self.timezone.setCurrentText(choices.here)
        self.policies = checkable_list(
            [label for _id, label in choices.policies], [label for _id, label in choices.policies]
        )
        self.wellbeing = QComboBox()
        self.wellbeing.addItems(choices.wellbeing)
        self.wellbeing.setCurrentText("standard")
        self.form.addRow(translate("app", "Organisation"), self.organisation)
        self.form.addRow(translate("app", "Your user name"), self.username)
        self.form.addRow(translate("app", "Your full name"), self.display_name)
        self.form.addRow(
            translate("app", "Time zone (reports, day boundaries, deadlines)"), self.timezone
        )
        self.form.addRow(translate("app", "Support contact"), self.support)
        self.form.addRow(translate("app", "Policies to start from"), self.policies)
        self.form.addRow(translate("app", "Wellbeing profile of new queues"), self.wellbeing)
        for edit in (self.organisation, self.username):
            edit.textChanged.connect(self._on_changed)
        self.timezone.currentTextChanged.connect(self._on_changed)
        self._on_changed()
        self.resize(720, 540)

    def check(self) -> str:
        if not self.organisation.text().strip():
            return translate("app", "Give your organisation's name.")
        try:
            check_name(self.username.text(), "user name")
        except ModeratorError as exc:
            return str(exc)
        if self.timezone.currentText() not in self.choices.zones:
            return translate("app", "Choose the organisation's time zone, e.g. Asia/Seoul.")
        return ""

    def value(self) -> SetupRequest:
        labels = set(checked_items(self.policies))
        return SetupRequest(
            self.organisation.text().strip(),
            self.username.text().strip(),
            self.timezone.currentText(),
            self.support.text().strip(),
            self.display_name.text().strip(),
            tuple(pid for pid, label in self.choices.policies if label in labels),
            self.wellbeing.currentText(),
        )


def first_run_choices(username: str) -> FirstRunChoices:
    """What the dialog offers (worker thread: it reads the shipped files and the zone list)."""
    here = local_zone()
    return FirstRunChoices(
        [(p.id, f"{p.id} ({p.version}): {p.title}") for p in shipped_templates()],
        sorted(available_timezones()),
        builtin_profiles(),
        getattr(here, "key", "UTC"),
        username,
    )


def finish_setup(
    workspace: Workspace, paths: Paths, profile: Profile, request: SetupRequest
) -> ReviewerRef:
    """Worker thread: set the workspace up, name the person in the profile, sign them in."""
    done = set_up(workspace, request)
    remember_person(paths, profile, done.supervisor.username)
    return sign_in(workspace, done.supervisor.username)
