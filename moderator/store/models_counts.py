"""Reports per queue and state, kept without scanning `reports` (issue 14).

Triggers on `reports` (migration 0021, on SQLite and PostgreSQL alike) append a +1/-1 row for
every insert, delete and change of queue or state, in the transaction that made the change:
a count can never disagree with the rows it counts, whatever code path wrote them. Appending
rather than updating one counter row keeps concurrent claims from queueing on that row.
`store.queue_counts` sums the rows and now and then folds them into one row per queue and
state, so reading the counts costs the same at a thousand reports or a million.
"""

from __future__ import annotations

from sqlalchemy import BigInteger, Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from moderator.store.base import Base


class QueueCount(Base):
    __tablename__ = "queue_counts"

    id: Mapped[int] = mapped_column(
        BigInteger().with_variant(Integer, "sqlite"), primary_key=True, autoincrement=True
    )
    queue_id: Mapped[int] = mapped_column(Integer)  # no foreign key: derived, and hot
    state: Mapped[str] = mapped_column(String(20))
    n: Mapped[int] = mapped_column(Integer)
