"""Windows beside the review loop (supervisor console, exposure, dashboard, training admin).

Each tool is registered here by a dotted path to an opener, so the review window never imports
them until asked, and each tool module stays independent of the others:

    def open_tool(context: ToolContext) -> QWidget   # builds and shows a top-level window

The review window lists the tools the signed-in role may use in its "Tools" menu.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from datetime import tzinfo

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence, QShortcut
from PySide6.QtWidgets import QLabel, QMainWindow, QWidget

from moderator.domain.reports import Role
from moderator.domain.rows import ReviewerRef
from moderator.services.supervision import Supervision, local_supervision
from moderator.services.workspace import Workspace
from moderator.ui.common import style
from moderator.ui.common.i18n import QT_TRANSLATE_NOOP, translate
from moderator.ui.common.images import Renderer
from moderator.ui.common.tasks import Tasks


@dataclass(frozen=True)
class ToolContext:
    """What a tool gets. `supervision` is the services it calls (the team server's in team
    mode, where `workspace` is None); left out, they are made from `workspace`."""

    workspace: Workspace | None
    reviewer: ReviewerRef
    tasks: Tasks
    parent: QWidget | None = None
    tz: tzinfo | None = None  # the organisation's time zone (None: this computer's)
    renderer: Renderer | None = None  # for tools that show media (blurred), e.g. adjudication
    supervision: Supervision | None = None

    @property
    def services(self) -> Supervision:
        if self.supervision is not None:
            return self.supervision
        if self.workspace is None:
            raise ValueError("a tool needs a workspace or the team server's services")
        return local_supervision(self.workspace, self.reviewer)


TEAM_PENDING = (
    "{title} does not work over the team server yet. Use it on a computer with the team "
    "database's supervisor login, or from the command line there (`moderator {command}`)."
)


def local_only(context: ToolContext, key: str, title: str, command: str) -> QWidget | None:
    """The notice a tool that still needs a database shows in team mode (None: it can open)."""
    if context.workspace is not None:
        return None
    return refusal(key, title, TEAM_PENDING.format(title=title, command=command))


@dataclass(frozen=True)
class Tool:
    key: str
    title: str
    opener: str  # "module:function"
    min_role: Role = Role.SUPERVISOR
    shortcut: str = ""

    def open(self, context: ToolContext) -> QWidget:
        module, _, name = self.opener.partition(":")
        func: Callable[[ToolContext], QWidget] = getattr(importlib.import_module(module), name)
        return closable(func(context))


# One line per tool; keep the order the menu shows.
TOOLS: list[Tool] = [
    Tool(
        "console",
        "Audit console",
        "moderator.ui.supervisor.console:open_console",
        shortcut="Ctrl+Shift+A",
    ),
    Tool("exposure", "Team exposure", "moderator.ui.supervisor.exposure:open_exposure"),
    Tool("dashboard", "QA dashboard", "moderator.ui.supervisor.dashboard:open_dashboard"),
    Tool("adjudication", "Adjudication", "moderator.ui.supervisor.adjudication:open_adjudication"),
    Tool("gold", "Gold items", "moderator.ui.supervisor.gold_items:open_gold_items"),
    Tool("lifecycle", "Actions and notices", "moderator.ui.supervisor.lifecycle:open_lifecycle"),
    Tool(
        "training", "Training records", "moderator.ui.supervisor.training_admin:open_training_admin"
    ),
    Tool("admin", "Admin: queues, people, policies", "moderator.ui.supervisor.admin:open_admin"),
]


# The tools' titles, for the catalog (the menu shows them translated).
TITLES = (
    QT_TRANSLATE_NOOP("common", "Audit console"),
    QT_TRANSLATE_NOOP("common", "Team exposure"),
    QT_TRANSLATE_NOOP("common", "QA dashboard"),
    QT_TRANSLATE_NOOP("common", "Adjudication"),
    QT_TRANSLATE_NOOP("common", "Gold items"),
    QT_TRANSLATE_NOOP("common", "Actions and notices"),
    QT_TRANSLATE_NOOP("common", "Training records"),
    QT_TRANSLATE_NOOP("common", "Admin: queues, people, policies"),
)


def close_keys() -> list[QKeySequence]:
    """Escape, Ctrl+W and the platform's own Close keys, each once (a key bound twice in one
    window is ambiguous and does nothing)."""
    keys: dict[str, QKeySequence] = {}
    for key in (
        QKeySequence(Qt.Key.Key_Escape),
        QKeySequence("Ctrl+W"),
        *QKeySequence.keyBindings(QKeySequence.StandardKey.Close),
    ):
        keys.setdefault(key.toString(), key)
    return list(keys.values())


def closable(window: QWidget) -> QWidget:
    """Let the keyboard close a tool window: Escape or Ctrl+W (an open popup, or a cell being
    edited, takes Escape first). Safe to call twice."""
    if window.property("closable"):
        return window
    window.setProperty("closable", True)
    for key in close_keys():
        shortcut = QShortcut(key, window)
        shortcut.setContext(Qt.ShortcutContext.WindowShortcut)
        shortcut.activated.connect(window.close)
    return window


def refusal(key: str, title: str, text: str) -> QLabel:
    """The calm notice a tool shows, instead of itself, to someone whose role may not use it."""
    notice = QLabel(text)
    notice.setObjectName(f"{key}-refused")
    notice.setTextFormat(Qt.TextFormat.PlainText)
    notice.setWordWrap(True)
    notice.setAlignment(Qt.AlignmentFlag.AlignCenter)
    notice.setWindowTitle(title)
    notice.setStyleSheet(style.SHEET + "QLabel { padding: 24px; }")
    notice.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    notice.resize(440, 150)
    closable(notice)
    notice.show()
    return notice


def tools_for(role: Role) -> list[Tool]:
    return [tool for tool in TOOLS if role.at_least(tool.min_role)]


def install_menu(window: QMainWindow, context: ToolContext) -> list[QAction]:
    """Add a "Tools" menu with the tools the reviewer's role may open (none: no menu)."""
    tools = tools_for(context.reviewer.role)
    if not tools:
        return []
    menu = window.menuBar().addMenu(translate("common", "&Tools"))
    opened: dict[str, QWidget] = {}
    actions: list[QAction] = []

    def open_tool(tool: Tool) -> None:
        existing = opened.get(tool.key)
        if existing is not None and existing.isVisible():
            existing.raise_()
            existing.activateWindow()
            return
        opened[tool.key] = tool.open(context)

    for tool in tools:
        action = menu.addAction(translate("common", tool.title))
        action.setObjectName(f"tool-{tool.key}")
        if tool.shortcut:
            action.setShortcut(QKeySequence(tool.shortcut))
        action.triggered.connect(lambda _checked=False, t=tool: open_tool(t))
        actions.append(action)
    return actions
