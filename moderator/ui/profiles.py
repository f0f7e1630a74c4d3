"""Choosing a profile when there are several: a short list, arrows and Enter."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QListWidget, QVBoxLayout, QWidget

from moderator.services.config import Config
from moderator.ui.common import style
from moderator.ui.common.i18n import translate


class ProfilePicker(QDialog):
    def __init__(self, config: Config, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(translate("app", "Moderator · choose a profile"))
        self.setStyleSheet(style.SHEET)
        self.names = sorted(config.profiles)
        self.list = QListWidget()
        for name in self.names:
            profile = config.profiles[name]
            where = (
                translate("app", "team server") if profile.is_team
                else translate("app", "shared queue") if profile.is_remote
                else translate("app", "this computer")
            )  # fmt: skip
            self.list.addItem(f"{name}  ({where})")
        default = config.default_profile
        self.list.setCurrentRow(self.names.index(default) if default in self.names else 0)
        self.list.itemActivated.connect(self.accept)
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Open | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(translate("app", "Which profile do you want to work in?")))
        layout.addWidget(self.list)
        layout.addWidget(buttons)
        self.resize(420, 300)

    @property
    def chosen(self) -> str:
        return self.names[max(0, self.list.currentRow())]


def pick_profile(config: Config) -> str | None:
    """The profile the reviewer picked, or None if they cancelled."""
    picker = ProfilePicker(config)
    return picker.chosen if picker.exec() == QDialog.DialogCode.Accepted else None
