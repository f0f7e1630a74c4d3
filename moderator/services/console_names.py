"""What a supervisor reads in the console instead of ids: a report's reference (`NC-101`), a
workstation's name (`demo.reviewer · e49e1f`), and back from a typed reference to report uids.

Report references come from the queue's database (the workspace): it holds the reports even
when the central store is a database of its own. Workstation names come from the central store:
the person who registered the workstation's signing key, else whoever wrote its first event,
and the end of its id (UUIDv7 ids begin with their creation time, so every workstation made the
same week starts alike; the end is the random part).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Callable, Iterable

from sqlalchemy import or_, select, tuple_
from sqlalchemy.orm import Session, aliased

from moderator.services.console import EventFilter, EventRow
from moderator.store.models import Report
from moderator.store.models_central import CentralEvent, WorkstationKey
from moderator.store.models_quality import GoldCopy, GoldItem

SHORT = 6  # hex digits of a workstation id shown after its person's name
_LOOKUP_BATCH = 500
_COPY, _ORIGINAL = aliased(Report), aliased(Report)
_GOLD_COPIES = (
    select(_COPY.uid, _ORIGINAL.external_ref)
    .join(GoldCopy, GoldCopy.report_id == _COPY.id)
    .join(GoldItem, GoldItem.id == GoldCopy.gold_id)
    .join(_ORIGINAL, _ORIGINAL.id == GoldItem.report_id)
)


def short_id(uid: str) -> str:
    return uid.replace("-", "")[-SHORT:]


def workstation_name(uid: str, person: str | None) -> str:
    return f"{person} · {short_id(uid)}" if person else f"workstation {short_id(uid)}"


class ConsoleNames:
    """Names for the console's rows; every method reads the database (call off the GUI thread).

    Thread-safe: the console's lanes (paging, verification, export) share one instance.
    """

    def __init__(
        self, central: Callable[[], Session], queue: Callable[[], Session] | None = None
    ) -> None:
        self.central, self.queue = central, queue or central
        self._lock = threading.Lock()
        self._workstations: dict[str, str] = {}
        self._references: dict[str, tuple[str, ...]] = {}

    # --- rows ------------------------------------------------------------------------------

    def name_rows(self, rows: list[EventRow]) -> list[EventRow]:
        """The rows with their report's reference and their workstation's name filled in."""
        refs = self.report_refs(r.report_uid for r in rows if r.report_uid)
        names = self.workstations(r.workstation for r in rows)
        return [
            dataclasses.replace(
                r,
                report_ref=refs.get(r.report_uid) if r.report_uid else None,
                workstation_name=names[r.workstation],
            )
            for r in rows
        ]

    def report_refs(self, uids: Iterable[str]) -> dict[str, str]:
        """{report uid: its reference} for the uids the queue database knows. A gold copy (a
        fresh report served blind to one reviewer) is named after the report it copies."""
        wanted = sorted(set(uids))
        found: dict[str, str] = {}
        with self.queue() as s, s.begin():
            for at in range(0, len(wanted), _LOOKUP_BATCH):
                batch = wanted[at : at + _LOOKUP_BATCH]
                query = select(Report.uid, Report.external_ref).where(Report.uid.in_(batch))
                found.update({uid: ref for uid, ref in s.execute(query)})
                found.update({uid: f"{ref} (gold)" for uid, ref in s.execute(
                    _GOLD_COPIES.where(_COPY.uid.in_(batch)))})  # fmt: skip
        return found

    def workstations(self, uids: Iterable[str]) -> dict[str, str]:
        """{workstation uid: a name a person can read}."""
        wanted = set(uids)
        with self._lock:
            unknown = wanted - self._workstations.keys()
        if unknown:
            named = self._name_workstations(unknown)
            with self._lock:
                self._workstations.update(named)
        with self._lock:
            return {uid: self._workstations[uid] for uid in wanted}

    def _name_workstations(self, uids: set[str]) -> dict[str, str]:
        ordered = sorted(uids)
        people: dict[str, str] = {}
        with self.central() as s, s.begin():
            keys = select(WorkstationKey.workstation, WorkstationKey.username).where(
                WorkstationKey.workstation.in_(ordered)
            )
            people.update({ws: who for ws, who in s.execute(keys) if who})
            rest = [uid for uid in ordered if uid not in people]
            if rest:  # no key yet (nothing signed): whoever wrote the chain's first event
                first = select(CentralEvent.workstation, CentralEvent.actor).where(
                    tuple_(CentralEvent.workstation, CentralEvent.seq).in_([(u, 1) for u in rest])
                )
                people.update({ws: who for ws, who in s.execute(first)})
        return {uid: workstation_name(uid, people.get(uid)) for uid in uids}

    # --- filtering by what a person typed -------------------------------------------------------

    def forget_references(self) -> None:
        """Look typed references up afresh (reports arrive while the console is open)."""
        with self._lock:
            self._references.clear()

    def resolve(self, f: EventFilter) -> EventFilter:
        """`f` with its typed report reference turned into the report uids it names."""
        if f.report_ref is None or f.report_uids is not None:
            return f
        return dataclasses.replace(f, report_uids=self.report_uids(f.report_ref))

    def report_uids(self, reference: str) -> tuple[str, ...]:
        """The reports `reference` names: a reference (`NC-101`), `source/reference`, or a uid."""
        text = reference.strip()
        with self._lock:
            if text in self._references:
                return self._references[text]
        conditions = [Report.external_ref == text, Report.uid == text]
        source, slash, ref = text.partition("/")
        if slash and source and ref:
            conditions.append(tuple_(Report.source, Report.external_ref) == (source, ref))
        with self.queue() as s, s.begin():
            found = set(s.scalars(select(Report.uid).where(or_(*conditions))))
        if not found:
            found.add(text)  # not in the queue database: perhaps a uid only the log knows
        uids = tuple(sorted(found))
        with self._lock:
            self._references[text] = uids
        return uids
