"""The regulators' reports for `moderator demo --screenshots`: the KCC transparency report of
the demo organisation's current year, in Korean and in English, drawn from its HTML page in a
read-only browser widget (registered in `screenshots.EXTRA_SCREENS`)."""

from __future__ import annotations

from PySide6.QtWidgets import QTextBrowser

from moderator.services.organisation import org_zone
from moderator.services.regulators import kcc, kcc_render
from moderator.ui.screenshots import ScreenContext


def capture_kcc(ctx: ScreenContext) -> None:
    """`report-kcc-ko.png` and `report-kcc-en.png`: the report as a reader opens it."""
    tz = getattr(org_zone(ctx.workspace), "key", "UTC")
    for lang in kcc_render.LANGUAGES:
        # built per language: the policies' titles, outcomes and checklist in that language
        report = kcc.build(ctx.workspace, ctx.workspace.now().year, tz, lang=lang)
        view = QTextBrowser()
        view.setOpenLinks(False)
        view.setHtml(kcc_render.render_html(report, lang))
        view.resize(1100, 1500)
        try:
            ctx.shot(view, f"report-kcc-{lang}")
        finally:
            view.close()
