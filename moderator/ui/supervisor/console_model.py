"""The audit log as a virtual table: rowCount is the filtered count, rows arrive in pages.

`data()` never touches the database. A row whose page is not loaded shows "…" and asks for
its page; pages are fetched one at a time on the task lane, newest request first (so a fast
scroll does not queue up pages that have already scrolled past), and kept in an LRU. A page
next to a loaded one is read by keyset from that page's edge; anything else by offset.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QAbstractTableModel, QModelIndex, QObject, QPersistentModelIndex, Qt
from PySide6.QtCore import Signal as QtSignal

from moderator.services.console import EventFilter, EventRow
from moderator.services.console_names import short_id, workstation_name
from moderator.services.supervision import ConsoleService
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from moderator.ui.common.tasks import DB, Tasks

PLACEHOLDER = "…"
Index = QModelIndex | QPersistentModelIndex


def _time(row: EventRow) -> str:
    return row.occurred_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")


def _report(row: EventRow) -> str:
    if not row.report_uid:
        return ""
    # not in the queue database: its id
    return row.report_ref or translate("supervisor", "report {id}").format(
        id=short_id(row.report_uid)
    )


COLUMNS: list[tuple[str, Callable[[EventRow], str]]] = [
    (QT_TRANSLATE_NOOP("supervisor", "Time"), _time),
    (QT_TRANSLATE_NOOP("supervisor", "Reviewer"), lambda r: r.actor),
    (QT_TRANSLATE_NOOP("supervisor", "Event"), lambda r: r.kind),
    (QT_TRANSLATE_NOOP("supervisor", "Report"), _report),
    (QT_TRANSLATE_NOOP("supervisor", "Outcome"), lambda r: r.outcome_label or ""),
    (QT_TRANSLATE_NOOP("supervisor", "Policy"), lambda r: r.policy_id or ""),
    (QT_TRANSLATE_NOOP("supervisor", "Summary"), lambda r: r.summary),
    (
        QT_TRANSLATE_NOOP("supervisor", "Workstation"),
        lambda r: r.workstation_name or workstation_name(r.workstation, None),
    ),
    (QT_TRANSLATE_NOOP("supervisor", "Seq"), lambda r: str(r.seq)),
]
# What a tooltip adds to a cell: the full text, and the ids behind the names.
TOOLTIPS: dict[int, Callable[[EventRow], str]] = {
    3: lambda r: f"{_report(r)}\nreport {r.report_uid}" if r.report_uid else "",
    4: lambda r: f"{r.outcome_label} ({r.outcome})" if r.outcome else "",
    6: lambda r: r.summary,
    7: lambda r: f"{COLUMNS[7][1](r)}\nworkstation {r.workstation}",
}


class AuditLogTableModel(QAbstractTableModel):
    """Rows of the central audit log matching a filter, newest first."""

    counted = QtSignal(int)  # the filtered count arrived (rows are now in the model)
    page_loaded = QtSignal(int)  # a page's rows arrived
    failed = QtSignal(str)  # a read failed; the message says why

    def __init__(
        self,
        reader: ConsoleService,
        tasks: Tasks,
        *,
        page_size: int = 200,
        cache_pages: int = 50,
        lane: str = DB,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.reader, self.tasks, self.lane = reader, tasks, lane
        self.page_size, self.cache_pages = page_size, cache_pages
        self.filter = EventFilter()
        self.first_page_shown = False
        self._rows = 0
        self._generation = 0
        self._pages: OrderedDict[int, list[EventRow]] = OrderedDict()
        self._wanted: OrderedDict[int, None] = OrderedDict()
        self._loading: int | None = None
        self.fetches = 0  # pages read from the database (the tests count them)

    # --- Qt model --------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else self._rows

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008, N802 - Qt API
        return 0 if parent.isValid() else len(COLUMNS)

    def headerData(  # noqa: N802 - Qt API
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.DisplayRole
            and orientation == Qt.Orientation.Horizontal
            and 0 <= section < len(COLUMNS)
        ):
            return translate("supervisor", COLUMNS[section][0])
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < self._rows:
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and index.column() == len(COLUMNS) - 1:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return None
        row = self.row_at(index.row())
        if row is None:
            return PLACEHOLDER if role == Qt.ItemDataRole.DisplayRole else None
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = TOOLTIPS.get(index.column())
            return (tip(row) or None) if tip else None
        return COLUMNS[index.column()][1](row)

    # --- rows --------------------------------------------------------------------------------

    def row_at(self, row: int) -> EventRow | None:
        """The row if its page is loaded; otherwise None, and its page is asked for."""
        number, offset = divmod(row, self.page_size)
        rows = self._pages.get(number)
        if rows is None:
            self._want(number)
            return None
        self._pages.move_to_end(number)
        return rows[offset] if offset < len(rows) else None

    def row_loaded(self, row: int) -> bool:
        return row // self.page_size in self._pages

    @property
    def loaded_pages(self) -> list[int]:
        return list(self._pages)

    def set_filter(self, f: EventFilter) -> None:
        """Show the events matching `f`: counted and the first page read in the background."""
        self._generation += 1
        self.filter = f
        self.first_page_shown = False
        self.beginResetModel()
        self._rows = 0
        self._pages.clear()
        self._wanted.clear()
        self._loading = None
        self.endResetModel()
        generation = self._generation
        self.tasks.run(
            self.lane, self.reader.first, f, self.page_size,
            on_done=lambda result: self._on_first(generation, result),
            on_failed=lambda exc: self._on_failed(generation, exc),
        )  # fmt: skip

    def _on_first(self, generation: int, result: tuple[int, list[EventRow]]) -> None:
        if generation != self._generation:
            return
        total, rows = result
        self._pages[0] = rows
        if total:
            self.beginInsertRows(QModelIndex(), 0, total - 1)
            self._rows = total
            self.endInsertRows()
        self.first_page_shown = True
        self.counted.emit(total)
        self.page_loaded.emit(0)

    def _want(self, number: int) -> None:
        if self._loading == number:
            return
        self._wanted[number] = None
        self._wanted.move_to_end(number)
        while len(self._wanted) > 4:  # scrolled past: not worth reading any more
            self._wanted.popitem(last=False)
        self._next()

    def _next(self) -> None:
        if self._loading is not None or not self._wanted or not self.first_page_shown:
            return
        number, _ = self._wanted.popitem(last=True)
        if number in self._pages:
            self._next()
            return
        after = before = None
        if (previous := self._pages.get(number - 1)) is not None:
            after = previous[-1].key
        elif (following := self._pages.get(number + 1)) is not None:
            before = following[0].key
        self._loading = number
        self.fetches += 1
        generation = self._generation
        offset = number * self.page_size
        self.tasks.run(
            self.lane, self.reader.page, self.filter, offset, self.page_size, after, before,
            on_done=lambda rows: self._on_page(generation, number, rows),
            on_failed=lambda exc: self._on_failed(generation, exc),
        )  # fmt: skip

    def _on_page(self, generation: int, number: int, rows: list[EventRow]) -> None:
        if generation != self._generation:
            return
        self._loading = None
        self._pages[number] = rows
        while len(self._pages) > self.cache_pages:
            self._pages.popitem(last=False)
        if rows:
            first = number * self.page_size
            last = min(first + len(rows), self._rows) - 1
            self.dataChanged.emit(self.index(first, 0), self.index(last, len(COLUMNS) - 1))
        self.page_loaded.emit(number)
        self._next()

    def _on_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._generation:
            return
        self._loading = None
        self._wanted.clear()
        self.failed.emit(str(exc) or type(exc).__name__)
