"""The adjudication window over the team server (services.supervision.Adjudications and
CaseWellbeing), on `/v1/supervisor/adjudication...`.

A case's media is fetched by `remote.media.RemoteMedia` from the case's own route, into
memory, checked against its ingest SHA-256 and decoded in the sandbox like a claimed
report's; the exposure it causes goes to the server through the desk's outbox, and the views
and reveals into the desk's own chain, as in the review window.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from pydantic import TypeAdapter

from moderator.domain.errors import ModeratorError
from moderator.domain.policy import Policy
from moderator.domain.policy_file import parse_policy
from moderator.domain.reports import MediaKind
from moderator.domain.rows import Exposure
from moderator.domain.wellbeing_profile import LookRule
from moderator.remote.client import Api
from moderator.remote.outbox import new_request_id
from moderator.remote.wellbeing import RemoteWellbeing
from moderator.services.quality import CaseMedia, Disagreement
from moderator.services.review_view import MediaRef

BASE = "/v1/supervisor/adjudication"
_CASES = TypeAdapter(list[Disagreement])


def media_path(report_uid: str, position: int) -> str:
    return f"{BASE}/{report_uid}/media/{position}"


@dataclass
class RemoteAdjudications:
    api: Api
    username: str
    _policies: dict[str, Policy] = field(default_factory=dict, repr=False)

    def disagreements(self, *, include_adjudicated: bool = False) -> list[Disagreement]:
        data = self.api.call("GET", BASE, params={"include_adjudicated": include_adjudicated})
        for p in data["policies"]:
            policy = parse_policy(
                str(p["body"]).encode("utf-8"), f"{p['policy_id']}@{p['version']}"
            )
            if policy.sha256 != p["sha256"]:
                raise ModeratorError(f"the policy {p['policy_id']} arrived damaged")
            self._policies[policy.sha256] = policy
        return _CASES.validate_python(data["cases"])

    def policies_of(self, cases: list[Disagreement]) -> dict[str, Policy]:
        """From what the last listing sent (a case decided under a policy whose hash is not
        stored is sent its policy's current version, under the case's hash)."""
        found = {}
        for case in cases:
            policy = self._policies.get(case.policy_hash) or next(
                (p for p in self._policies.values() if p.id == case.policy_id), None
            )
            if policy is None:
                raise ModeratorError(f"the server sent no policy {case.policy_id} for this case")
            found[case.policy_hash] = policy
        return found

    def case_media(self, report_uid: str) -> CaseMedia:
        data = self.api.call("GET", f"{BASE}/{report_uid}")
        media = tuple(
            MediaRef(
                position=int(m["position"]),
                uri=media_path(report_uid, int(m["position"])),  # fetched into memory
                kind=MediaKind(m["kind"]),
                sha256=m["sha256"],
                size_bytes=m["size_bytes"],
                path=None,
                problem="" if m["available"] else str(m["problem"] or "the media is unavailable"),
            )
            for m in data["media"]
        )
        return CaseMedia(
            str(data["report_uid"]),
            int(data["queue_id"]),
            int(data["review_round"]),
            int(data["priority"]),
            str(data["category"]),
            media,
        )

    def adjudicate(self, report_uid: str, outcome: str, note: str = "") -> str:
        body = {"request_id": new_request_id(), "outcome": outcome, "note": note}
        return str(self.api.call("POST", f"{BASE}/{report_uid}", body)["adjudication"])


@dataclass
class RemoteCaseWellbeing:
    """The supervisor's looks from the server; exposure through the desk's wellbeing."""

    api: Api
    records: RemoteWellbeing

    @property
    def session_uid(self) -> str:
        return self.records.session_uid

    def looks(self) -> dict[int, LookRule]:
        return {
            int(r["queue_id"]): LookRule(int(r["blur"]), bool(r["grayscale"]), int(r["lightest"]))
            for r in self.api.call("GET", f"{BASE}/looks")
        }

    def record_exposure(self, exposure: Exposure) -> None:
        self.records.record_exposure(exposure)
