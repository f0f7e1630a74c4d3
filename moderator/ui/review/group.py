"""The group strip under the preview: equal and near copies of the claimed report, decided
with it (issue 18).

Each member is a tile: its thumbnail, always blurred at the strongest level (rendered by the
same sandboxed path as the preview, `images.render_preview`, never sharp: the strip has no
reveal of any kind), its reference, how near it is, and a check box that takes it out of the
group. A member taken out is not decided with this report: it stays in the queue for its own
review. To look at a member, take it out.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from moderator.media.types import BlurLevel
from moderator.services.interfaces import Member
from moderator.ui.common.i18n import number, translate
from moderator.ui.common.images import Look, Preview
from moderator.ui.common.text import plain
from moderator.ui.review.actions import BY_NAME

THUMB = (132, 96)  # a tile's thumbnail: small, and blurred beyond recognition
MEMBER_LOOK = Look(BlurLevel.UNRECOGNISABLE, grayscale=True)


def distance_text(member: Member) -> str:
    if member.how == "sha256":
        return translate("review", "Same file")
    return translate("review", "PDQ distance {distance}").format(distance=member.distance)


def undo_text(group: bool, sent: bool) -> str:
    """The undo bar's words for a pending decision: a group's undo takes it all back; in team
    mode a decision is saved on the desk first, then sent to the server."""
    if group:
        return (
            translate(
                "review",
                "Saved: {ref} and {count} similar · {outcome}. Undo with Ctrl+Z ({left} s)",
            )
            if sent
            else translate(
                "review",
                "Saved: {ref} and {count} similar · {outcome} · waiting to send. "
                "Undo with Ctrl+Z ({left} s)",
            )
        )
    return (
        translate("review", "Saved: {ref} · {outcome}. Undo with Ctrl+Z ({left} s)")
        if sent
        else translate(
            "review", "Saved: {ref} · {outcome} · waiting to send. Undo with Ctrl+Z ({left} s)"
        )
    )


class MemberTile(QFrame):
    """One member: blurred thumbnail, reference, distance, "in the group" check box."""

    toggled = Signal(str, bool)  # report uid, still in the group

    def __init__(self, member: Member, in_group: bool) -> None:
        super().__init__()
        self.member = member
        self.setProperty("current", "false")
        column = QVBoxLayout(self)
        column.setContentsMargins(8, 6, 8, 6)
        column.setSpacing(3)
        self.thumb = QLabel()
        self.thumb.setObjectName("thumb")
        self.thumb.setFixedSize(*THUMB)
        self.thumb.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.thumb.setWordWrap(True)
        self.thumb.setText(translate("review", "Blurred preview loading…"))
        column.addWidget(self.thumb)
        self.ref = plain(member.external_ref)
        self.ref.setWordWrap(False)
        self.ref.setMaximumWidth(THUMB[0])
        column.addWidget(self.ref)
        self.distance = plain(distance_text(member), name="muted")
        column.addWidget(self.distance)
        self.check = QCheckBox(translate("review", "In the group"))
        self.check.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # the keys work from the surface
        self.check.setChecked(in_group)
        self.check.toggled.connect(self._on_check_toggled)
        column.addWidget(self.check)
        self._current = False
        self._dim(not in_group)

    def set_member(self, member: Member, in_group: bool) -> None:
        """Show another member in this tile (tiles are kept between reports: building 25 of
        them for every report was a visible stall of the GUI thread)."""
        self.member = member
        self.thumb.setPixmap(QPixmap())
        self.thumb.setText(translate("review", "Blurred preview loading…"))
        self.ref.setText(member.external_ref)
        blocked = self.check.blockSignals(True)  # not a reviewer's toggle
        self.check.setChecked(in_group)
        self.check.blockSignals(blocked)
        self._dim(not in_group)

    def show_preview(self, preview: Preview) -> None:
        """The member's blurred render; any error, or a sharp render, shows no pixels."""
        if preview.image is None or preview.sharp:
            self.thumb.setPixmap(QPixmap())
            self.thumb.setText(translate("review", "No preview"))
            return
        pixmap = QPixmap.fromImage(preview.image).scaled(
            *THUMB, Qt.AspectRatioMode.KeepAspectRatio, Qt.TransformationMode.SmoothTransformation
        )
        self.thumb.setPixmap(pixmap)

    def set_current(self, current: bool) -> None:
        if current == self._current:
            return  # re-polishing every tile on each step cost milliseconds apiece
        self._current = current
        self.setProperty("current", "true" if current else "false")
        self.style().unpolish(self)
        self.style().polish(self)

    def _dim(self, out: bool) -> None:
        self.thumb.setEnabled(not out)
        self.distance.setText(
            translate("review", "Taken out: reviewed on its own")
            if out
            else distance_text(self.member)
        )

    def _on_check_toggled(self, checked: bool) -> None:
        self._dim(not checked)
        self.toggled.emit(self.member.report_uid, checked)


class GroupStrip(QFrame):
    """The claimed report's group: a header with the count, and a row of member tiles."""

    toggled = Signal(str, bool)  # report uid, still in the group

    def __init__(self) -> None:
        super().__init__()
        self.setObjectName("panel")
        column = QVBoxLayout(self)
        column.setContentsMargins(12, 8, 12, 6)
        column.setSpacing(4)
        top = QHBoxLayout()
        self.count_label = plain(name="heading")
        self.count_label.setWordWrap(False)
        top.addWidget(self.count_label, 1)
        self.hint = plain(name="muted")
        self.hint.setWordWrap(False)
        self.hint.setText(
            translate(
                "review", "{next}: next member · {toggle}: take out or put back · always blurred"
            ).format(next=BY_NAME["group_next"].label, toggle=BY_NAME["group_toggle"].label)
        )
        top.addWidget(self.hint)
        column.addLayout(top)
        self.row = QWidget()
        self.tiles_layout = QHBoxLayout(self.row)
        self.tiles_layout.setContentsMargins(0, 0, 0, 0)
        self.tiles_layout.setSpacing(6)
        self.tiles_layout.addStretch(1)
        self.scroller = QScrollArea()
        self.scroller.setWidgetResizable(True)
        self.scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.scroller.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.scroller.setWidget(self.row)
        column.addWidget(self.scroller)
        self.tiles: list[MemberTile] = []  # the members shown, in order
        self._made: list[MemberTile] = []  # every tile made so far; those past `tiles` hidden
        self.current = -1
        self.hide()

    def show_group(
        self, members: list[Member], taken_out: set[str], previews: dict[str, Preview]
    ) -> None:
        """Show these members (hidden when there are none), each blurred as rendered."""
        for member in members[len(self._made) :]:  # more than ever shown: make the missing
            tile = MemberTile(member, True)
            tile.toggled.connect(self._on_tile_toggled)
            self.tiles_layout.insertWidget(self.tiles_layout.count() - 1, tile)
            self._made.append(tile)
        self.tiles = self._made[: len(members)]
        for tile, member in zip(self.tiles, members, strict=True):
            tile.set_member(member, member.report_uid not in taken_out)
            if member.report_uid in previews:
                tile.show_preview(previews[member.report_uid])
            tile.show()
        for spare in self._made[len(members) :]:
            spare.hide()
        self.current = 0 if self.tiles else -1
        self._mark_current()
        self._count()
        self.scroller.setFixedHeight(self.row.sizeHint().height() + 14)
        self.setVisible(bool(self.tiles))

    def show_preview(self, report_uid: str, preview: Preview) -> None:
        for tile in self.tiles:
            if tile.member.report_uid == report_uid:
                tile.show_preview(preview)

    def in_group(self) -> list[str]:
        """The members left in the group, in the order shown."""
        return [t.member.report_uid for t in self.tiles if t.check.isChecked()]

    def step(self, by: int) -> None:
        """Move the selection to the next (or previous) member, round the strip."""
        if self.tiles:
            self.current = (self.current + by) % len(self.tiles)
            self._mark_current()

    def toggle_current(self) -> None:
        """Take the selected member out of the group, or put it back."""
        if 0 <= self.current < len(self.tiles):
            check = self.tiles[self.current].check
            check.setChecked(not check.isChecked())

    def _mark_current(self) -> None:
        for index, tile in enumerate(self.tiles):
            tile.set_current(index == self.current)
        if 0 <= self.current < len(self.tiles):
            self.scroller.ensureWidgetVisible(self.tiles[self.current])

    def _count(self) -> None:
        left = len(self.in_group())
        out = len(self.tiles) - left
        if left == 1:
            text = translate("review", "Decide for this and 1 similar report")
        elif left:
            text = translate("review", "Decide for this and {count} similar reports").format(
                count=number(left)
            )
        else:
            text = translate("review", "Decide for this report only")
        if out:
            text = translate("review", "{decide} · {out} taken out").format(
                decide=text, out=number(out)
            )
        self.count_label.setText(text)

    def _on_tile_toggled(self, report_uid: str, in_group: bool) -> None:
        self._count()
        self.toggled.emit(report_uid, in_group)
