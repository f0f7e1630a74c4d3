"""`moderator source add|token|revoke|list`: the platforms that submit reports through the
server's intake, and their tokens; `moderator webhook add|list|remove|log`: where final
decisions are sent. Supervisor commands, run against the team database like `people enroll`."""

from __future__ import annotations

import argparse
import json

from moderator.cli import _context
from moderator.services.sources import KINDS, Sources


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "source", help="platforms that submit reports to the team server, and their tokens"
    )
    sub = parser.add_subparsers(dest="source_command", metavar="ACTION", required=True)
    add = sub.add_parser(
        "add",
        help="add a source and print its submit token (shown once)",
        description="The token can only submit reports (POST /v1/reports); the reports' "
        "source is the source's name. See docs/platform-api.md.",
    )
    add.add_argument("name", help="lower-case letters, digits, '.', '_' or '-' (e.g. acme)")
    add.set_defaults(func=run_add)
    tok = sub.add_parser("token", help="issue another token for a source (shown once)")
    tok.add_argument("name", help="the source whose token to issue")
    tok.add_argument(
        "--kind", choices=KINDS, default="submit",
        help="submit: POST /v1/reports only; decisions: GET /v1/decisions of its reports only",
    )  # fmt: skip
    tok.set_defaults(func=run_token)
    revoke = sub.add_parser("revoke", help="revoke a source and every token of it, at once")
    revoke.add_argument("name", help="the source whose tokens stop working at once")
    revoke.set_defaults(func=run_revoke)
    lst = sub.add_parser("list", help="every source, with its live tokens")
    lst.add_argument("--json", action="store_true", help="print the sources as JSON")
    lst.set_defaults(func=run_list)

    hook = subparsers.add_parser("webhook", help="send final decisions to a platform's URL")
    hsub = hook.add_subparsers(dest="webhook_command", metavar="ACTION", required=True)
    hadd = hsub.add_parser(
        "add",
        help="subscribe a URL; prints the id and the signing secret (shown once)",
        description="Every final decision (of --source's reports, or all) is POSTed to the URL, "
        "signed with HMAC-SHA256 (header Moderator-Signature), retried with back-off.",
    )
    hadd.add_argument("url", help="the https:// address that receives the signed events")
    hadd.add_argument("--source", help="only this source's reports (default: all)")
    hadd.set_defaults(func=run_hook_add)
    hlist = hsub.add_parser("list", help="subscriptions and their delivery counts")
    hlist.add_argument("--json", action="store_true", help="print the subscriptions as JSON")
    hlist.set_defaults(func=run_hook_list)
    hrm = hsub.add_parser("remove", help="stop sending to a subscription")
    hrm.add_argument("id", help="the subscription (as `webhook list` shows it)")
    hrm.set_defaults(func=run_hook_remove)
    hlog = hsub.add_parser("log", help="the delivery log, newest attempts first")
    hlog.add_argument("--id", help="one subscription")
    hlog.add_argument("--failed", action="store_true", help="failed attempts only")
    hlog.add_argument(
        "--limit", type=int, default=50, help="at most this many attempts (default: 50)"
    )
    hlog.add_argument("--json", action="store_true", help="print the attempts as JSON")
    hlog.set_defaults(func=run_hook_log)


def _sources(args: argparse.Namespace) -> Sources:
    workspace = _context.workspace(args, upgrade=False)
    return Sources(workspace, workspace.profile.reviewer_name())


def _run(args: argparse.Namespace, what: str, *params: object, **kw: object) -> object:
    sources = _sources(args)
    try:
        return getattr(sources, what)(*params, **kw)
    finally:
        sources.ws.close()


def run_add(args: argparse.Namespace) -> int:
    print(_run(args, "add", args.name))
    return 0


def run_token(args: argparse.Namespace) -> int:
    print(_run(args, "token", args.name, args.kind))
    return 0


def run_revoke(args: argparse.Namespace) -> int:
    count = _run(args, "revoke", args.name)
    print(f"revoked the source {args.name} and its {count} live token(s)")
    return 0


def run_list(args: argparse.Namespace) -> int:
    rows = _run(args, "listing")
    assert isinstance(rows, list)
    if args.json:
        print(json.dumps([
            {"name": r.name, "created_at": r.created_at.isoformat(),
             "revoked": r.revoked_at is not None, "live_tokens": r.tokens}
            for r in rows
        ], indent=2))  # fmt: skip
        return 0
    for r in rows:
        state = "revoked" if r.revoked_at else f"{r.tokens} live token(s)"
        print(f"{r.name:<32} {state}")
    return 0


def run_hook_add(args: argparse.Namespace) -> int:
    found = _run(args, "add_webhook", args.url, args.source)
    assert isinstance(found, tuple)
    print(f"webhook {found[0]}")
    print(f"secret  {found[1]}")
    return 0


def run_hook_list(args: argparse.Namespace) -> int:
    rows = _run(args, "webhook_list")
    assert isinstance(rows, list)
    if args.json:
        print(json.dumps([
            {"id": r.id, "url": r.url, "source": r.source, "removed": r.removed_at is not None,
             "pending": r.pending, "delivered": r.delivered, "failed": r.failed}
            for r in rows
        ], indent=2))  # fmt: skip
        return 0
    for r in rows:
        gone = "  (removed)" if r.removed_at else ""
        print(
            f"{r.id}  {r.source or '(all)':<16} delivered {r.delivered}, pending {r.pending}, "
            f"failed {r.failed}  {r.url}{gone}"
        )
    return 0


def run_hook_remove(args: argparse.Namespace) -> int:
    _run(args, "remove_webhook", args.id)
    print(f"webhook {args.id} removed: nothing more is sent to it")
    return 0


def run_hook_log(args: argparse.Namespace) -> int:
    rows = _run(args, "delivery_log", args.id, failed_only=args.failed, limit=args.limit)
    assert isinstance(rows, list)
    if args.json:
        print(json.dumps([
            {"webhook": r.webhook, "event_id": r.event_id, "attempt": r.attempt,
             "at": r.at.isoformat(), "status": r.status, "error": r.error,
             "millis": r.millis, "state": r.state}
            for r in rows
        ], indent=2))  # fmt: skip
        return 0
    for r in rows:
        outcome = r.error or f"HTTP {r.status}"
        print(
            f"{r.at:%Y-%m-%d %H:%M:%S}  {r.event_id}  #{r.attempt}  {outcome:<28} "
            f"{r.millis} ms  {r.state}"
        )
    return 0
