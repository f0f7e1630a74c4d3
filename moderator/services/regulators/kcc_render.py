"""The KCC transparency report written out: one self-contained HTML page (the compliance
report's style: inline CSS, no scripts or external assets, printable, every value escaped) and
CSV tables, in Korean or English (texts in `resources/reports/kcc.toml`)."""

from __future__ import annotations

import csv
import html
import io
import tomllib
from collections.abc import Iterable, Sequence
from functools import cache
from pathlib import Path

from moderator.domain import shipped
from moderator.domain.errors import ModeratorError
from moderator.services.compliance import words
from moderator.services.compliance.format import local_time, num
from moderator.services.compliance.html_report import CSS, _table
from moderator.services.i18n import speech
from moderator.services.regulators.kcc import KccReport
from moderator.store.private import private_dir, write_private_text

LANGUAGES = ("ko", "en")


@cache
def labels(lang: str) -> dict[str, str]:
    if lang not in LANGUAGES:
        raise ModeratorError(f"no KCC report texts in {lang!r} (use ko or en)")
    text = shipped.folder("reports").joinpath("kcc.toml").read_text(encoding="utf-8")
    return dict(tomllib.loads(text)[lang])


def _count_rows(report: KccReport, t: dict[str, str], lang: str) -> list[list[object]]:
    s = speech(lang)
    n = s.number
    return [
        [words.category(s, r.category) if r.category else t["unknown"],
         words.channel(s, r.channel) if r.channel else t["unknown"], n(r.received), n(r.handled),
         n(r.removed), n(r.median_hours, 1), n(r.p90_hours, 1)]
        for r in report.counts
    ]  # fmt: skip


def _measures(deletes: bool, blocks: bool, t: dict[str, str]) -> str:
    return ", ".join(word for on, word in ((deletes, t["remove"]), (blocks, t["block"])) if on)


def render_html(report: KccReport, lang: str) -> str:
    t, esc, tz = labels(lang), html.escape, report.tz
    s = speech(lang)
    n, when = s.number, s.when
    tot = report.totals

    def table(header: Sequence[str], rows: Iterable[Sequence[object]],
              numeric: Iterable[int] = ()) -> str:  # fmt: skip
        return _table(header, rows, numeric, t["nothing"])

    count_head = [t[k] for k in ("col_category", "col_channel", "col_received", "col_handled",
                                 "col_removed", "col_median", "col_p90")]  # fmt: skip
    procedure_rows = [
        [p.queue, p.outcome, _measures(p.deletes, p.blocks, t), "; ".join(p.legal_basis),
         n(p.sla_hours)] for p in report.procedures
    ]  # fmt: skip
    training_rows = [
        [r.person, t.get(f"role_{r.role}", r.role), r.course, when(r.completed, tz),
         when(r.expires, tz), t["state_valid"] if r.valid else t["state_expired"]]
        for r in report.training
    ]  # fmt: skip
    officer = (
        f"<p>{esc(t['officer'].format(name=report.officer))}</p>"
        + (f"<p>{esc(t['officer_contact'].format(contact=report.officer_contact))}</p>"
           if report.officer_contact else "")
        if report.officer else f'<p class="status">{esc(t["officer_unset"])}</p>'
    )  # fmt: skip
    efforts = (
        "".join(f"<p>{esc(p)}</p>" for p in report.efforts.split("\n\n"))
        if report.efforts else f'<p class="status">{esc(t["efforts_unset"])}</p>'
    )  # fmt: skip
    criteria = "".join(
        f"<h3>{esc(title)}</h3><ol>{''.join(f'<li>{esc(q)}</li>' for q in questions)}</ol>"
        for title, questions in report.criteria
    )
    generated = t["generated"].format(at=when(report.generated_at, tz), tz=tz)
    totals = t["totals"].format(received=n(tot.received), handled=n(tot.handled),
                                removed=n(tot.removed))  # fmt: skip
    parts = [
        "<!DOCTYPE html>",
        f'<html lang="{lang}"><head><meta charset="utf-8">',
        f"<title>{esc(t['title'])} {report.year}</title>",
        f"<style>{CSS} h3 {{ font-size: 10.5pt; margin: .8rem 0 .2rem; }}</style></head><body>",
        f"<h1>{esc(t['title'])}</h1>",
        f'<p class="meta">{esc(t["organisation"].format(name=report.organisation))}</p>',
        f'<p class="meta">{esc(t["period"].format(year=report.year, tz=tz))}</p>',
        f'<p class="meta">{esc(t["queues"].format(queues=", ".join(report.queues)))}</p>',
        f'<p class="meta">{esc(generated)}</p>',
        f'<p class="note">{esc(t["note"])}</p>',
        f"<h2>{esc(t['s1'])}</h2>", efforts,
        f"<h2>{esc(t['s2'])}</h2>",
        f"<p><strong>{esc(totals)}</strong></p>",
        table(count_head, [*_count_rows(report, t, lang),
                           [t["total"], "", n(tot.received), n(tot.handled), n(tot.removed),
                            n(tot.median_hours, 1), n(tot.p90_hours, 1)]], range(2, 7)),
        f'<p class="note">{esc(t["counts_note"])}</p>',
        table([t["col_policy"], t["col_outcome"], t["col_count"]],
              [[o.policy, o.outcome, n(o.reports)] for o in report.outcomes], (2,)),
        f"<p>{esc(t['criteria'])}</p>", criteria,
        f"<h2>{esc(t['s3'])}</h2>", f"<p>{esc(t['procedure'])}</p>",
        table([t["col_queue"], t["col_outcome"], t["col_measure"], t["col_basis"], t["col_sla"]],
              procedure_rows, (4,)),
        f"<h2>{esc(t['s4'])}</h2>", officer,
        f"<h2>{esc(t['s5'])}</h2>",
        table([t[k] for k in ("col_person", "col_role", "col_course", "col_completed",
                              "col_valid", "col_state")], training_rows),
        "</body></html>",
    ]  # fmt: skip
    return "\n".join(parts) + "\n"


def _csv(header: list[str], rows: list[list[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return buf.getvalue()


def write(report: KccReport, out: Path, lang: str) -> list[Path]:
    """`kcc-YEAR.html` and the CSV tables (machine headers, in English) into `out`."""
    private_dir(out)
    t = labels(lang)
    tables = {
        "counts.csv": _csv(
            ["reported_category", "channel", "received", "handled", "deleted_or_blocked",
             "median_hours", "p90_hours"],
            [[r.category, r.channel, r.received, r.handled, r.removed, num(r.median_hours, 2),
              num(r.p90_hours, 2)] for r in [*report.counts, report.totals]],
        ),
        "outcomes.csv": _csv(["policy", "outcome", "reports"],
                             [[o.policy, o.outcome, o.reports] for o in report.outcomes]),
        "procedures.csv": _csv(
            ["queue", "policy", "outcome", "deletes", "blocks", "legal_basis", "sla_hours"],
            [[p.queue, p.policy, p.outcome, p.deletes, p.blocks, "; ".join(p.legal_basis),
              p.sla_hours] for p in report.procedures],
        ),
        "training.csv": _csv(
            ["person", "role", "course", "completed", "valid_until", "valid_at_end"],
            [[r.person, r.role, r.course, local_time(r.completed, report.tz),
              local_time(r.expires, report.tz), r.valid] for r in report.training],
        ),
        "summary.csv": _csv(["item", "value"], [
            ["year", report.year], ["time_zone", report.tz],
            ["organisation", report.organisation], ["queues", " ".join(report.queues)],
            ["distribution_officer", report.officer or "(not designated)"],
            ["distribution_officer_contact", report.officer_contact],
            ["general_efforts", report.efforts], ["language", lang], ["title", t["title"]],
        ]),
    }  # fmt: skip
    written = [write_private_text(out / name, text) for name, text in tables.items()]
    written.append(write_private_text(out / f"kcc-{report.year}.html", render_html(report, lang)))
    return written
