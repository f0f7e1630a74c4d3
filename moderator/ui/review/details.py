"""What is known about the report: category, source, times, URL, hash matches, reporter's text.

Everything is plain text: the URL is shown, never a link, and the reporter's text (which can be
distressing too) stays collapsed until asked for, for every report anew.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from moderator.domain.banks import BankMatchRow
from moderator.services.review_view import ReportDetails
from moderator.ui.common import i18n
from moderator.ui.common.i18n import translate
from moderator.ui.common.models import HashMatchTableModel
from moderator.ui.common.text import WrapLabel, plain
from moderator.ui.review.actions import tooltip
from moderator.ui.review.bank_text import explained


def duration(seconds: float) -> str:
    minutes = int(abs(seconds) // 60)
    hours, minutes = divmod(minutes, 60)
    days, hours = divmod(hours, 24)
    if days:
        return translate("common", "{days} d {hours} h").format(days=days, hours=hours)
    return i18n.duration(seconds)


def sla_text(due: datetime, now: datetime) -> str:
    left = (due - now).total_seconds()
    if left >= 0:
        return translate("review", "due in {time}").format(time=duration(left))
    return translate("review", "overdue by {time}").format(time=duration(left))


MATCH_ROWS = 3  # hash matches shown before the table scrolls


class DetailsView(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # Whatever came in with the report wraps (a long URL or reference never widens the
        # window); the short fields sit two to a line, so the checklist gets the height.
        self.heading = WrapLabel(name="heading")
        self.category, self.source, self.url = WrapLabel(), WrapLabel(), WrapLabel()
        self.received, self.sla, self.priority = plain(), plain(), plain()
        form = QGridLayout()
        form.setContentsMargins(0, 0, 0, 0)
        form.setHorizontalSpacing(12)
        form.setVerticalSpacing(3)
        form.setColumnStretch(1, 1)
        form.setColumnStretch(3, 1)
        for row, pairs in enumerate(
            (
                (
                    (translate("review", "Category"), self.category),
                    (translate("review", "Priority"), self.priority),
                ),
                (
                    (translate("review", "Received"), self.received),
                    (translate("review", "SLA"), self.sla),
                ),
                ((translate("review", "Source"), self.source),),
                (("URL", self.url),),
            )
        ):
            for column, (name, field) in enumerate(pairs):
                form.addWidget(plain(name, "muted"), row, column * 2, Qt.AlignmentFlag.AlignTop)
                span = 1 if len(pairs) == 2 else 3
                form.addWidget(field, row, column * 2 + 1, 1, span)
        self.matches = HashMatchTableModel(parent=self)
        self.match_note = plain(name="muted")
        self.match_table = QTableView()
        self.match_table.setModel(self.matches)
        self.match_table.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.match_table.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.match_table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.match_table.verticalHeader().hide()
        header = self.match_table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        # How it matched, the queue and what was decided share what is left (elided; the
        # tooltip has them whole), so every header stays readable, whatever the values.
        for column in (1, 3, 5):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Stretch)
        self.match_table.setTextElideMode(Qt.TextElideMode.ElideMiddle)
        self.match_table.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.match_table.verticalHeader().setDefaultSectionSize(24)
        # Hash-bank matches, explained: bank, signal, distance, what was done, the entry's
        # provenance. Never how another report was decided (see MatchRow).
        self.bank_title = plain(translate("review", "Hash banks"), "muted")
        self.bank_text = WrapLabel(name="reason")
        self.reporter_toggle = QPushButton()
        self.reporter_toggle.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.reporter_toggle.setToolTip(tooltip("reporter_text"))
        self.reporter_toggle.clicked.connect(self.toggle_reporter_text)
        self.reporter_text = WrapLabel()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(6)
        layout.addWidget(self.heading)
        layout.addLayout(form)
        layout.addWidget(self.bank_title)
        layout.addWidget(self.bank_text)
        note_row = QHBoxLayout()
        note_row.addWidget(self.match_note, 1)
        note_row.addWidget(self.reporter_toggle)
        layout.addLayout(note_row)
        layout.addWidget(self.match_table)
        layout.addWidget(self.reporter_text)
        self._due: datetime | None = None
        self._has_text = False
        self.clear()

    def clear(self) -> None:
        for label in (self.heading, self.category, self.source, self.received, self.sla):
            label.setText("")
        self.url.setText("")
        self.priority.setText("")
        self.matches.set_rows(())
        self.match_note.setText("")
        self.match_table.hide()
        self.show_bank_matches(())
        self._due, self._has_text = None, False
        self.reporter_text.setText("")
        self._collapse()

    def show_report(self, details: ReportDetails, now: datetime) -> None:
        self.heading.setText(translate("review", "Report {ref}").format(ref=details.external_ref))
        self.category.setText(details.reported_category or translate("review", "not given"))
        where = " · ".join(p for p in (details.source, details.channel, details.platform) if p)
        self.source.setText(where)
        self.received.setText(i18n.moment(details.received_at.astimezone()))
        # Never the review round: a second review is blind, and "round 2" would say it is one.
        self.priority.setText(
            translate("review", "{priority} of 5").format(priority=details.priority)
        )
        self.url.setText(details.url or translate("review", "none"))
        self._due = details.sla_due
        self.tick(now)
        self.matches.set_rows(details.matches)
        count = len(details.matches)
        self.match_table.setVisible(bool(count))
        self.match_note.setText(
            translate("review", "No other report shares this media")
            if not count
            else translate("review", "1 other report shares this media")
            if count == 1
            else translate("review", "{count} other reports share this media").format(count=count)
        )
        rows = min(count, MATCH_ROWS)
        header = self.match_table.horizontalHeader().height()
        self.match_table.setFixedHeight(header + rows * self.match_table.rowHeight(0) + 4)
        self.show_bank_matches(details.bank_matches)
        self._has_text = bool(details.reporter_text.strip())
        self.reporter_text.setText(details.reporter_text)
        self._collapse()

    def show_bank_matches(self, rows: Sequence[BankMatchRow]) -> None:
        shown = [r for r in rows if r.action != "suppressed"]
        self.bank_text.setText("\n".join(explained(r) for r in shown))
        self.bank_title.setVisible(bool(shown))
        self.bank_text.setVisible(bool(shown))

    def tick(self, now: datetime) -> None:
        """Refresh the SLA countdown."""
        self.sla.setText(sla_text(self._due, now) if self._due else "")

    def toggle_reporter_text(self) -> None:
        if not self._has_text:
            return
        visible = not self.reporter_text.isVisible()
        self.reporter_text.setVisible(visible)
        self.reporter_toggle.setText(
            translate("review", "Hide the reporter's text (I)")
            if visible
            else translate("review", "Show the reporter's text (I)")
        )

    @property
    def reporter_text_shown(self) -> bool:
        return not self.reporter_text.isHidden()

    def _collapse(self) -> None:
        self.reporter_text.hide()
        self.reporter_toggle.setEnabled(self._has_text)
        self.reporter_toggle.setText(
            translate("review", "Show the reporter's text (I)")
            if self._has_text
            else translate("review", "No reporter's text")
        )
