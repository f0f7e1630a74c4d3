"""`moderator policy import|list|show|export`: the organisation's policies, versioned."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from moderator.cli import _context
from moderator.domain.policy import Policy
from moderator.domain.policy_i18n import localised
from moderator.services.i18n import _
from moderator.services.policies import PolicyLibrary


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser("policy", help="policies: import, list, show, export")
    sub = parser.add_subparsers(dest="policy_command", metavar="ACTION", required=True)
    imp = sub.add_parser(
        "import",
        help="check a policy TOML file and store it (supervisors)",
        description="A new version moves the queues on that policy to it (for new decisions; "
        "decisions already made keep their version). The same id and version with other "
        "content is refused: a changed policy needs a new `version`.",
    )
    imp.add_argument("files", nargs="+", metavar="FILE", type=Path, help="policy TOML files")
    imp.add_argument(
        "--keep-queues", action="store_true", help="store it, but leave the queues' versions"
    )
    _context.add_as(imp)
    imp.set_defaults(func=run_import)
    lst = sub.add_parser("list", help="every stored version, and the queues using it")
    lst.add_argument("--json", action="store_true", help="print the versions as JSON")
    lst.set_defaults(func=run_list)
    show = sub.add_parser("show", help="a stored policy: its checklist and outcomes")
    show.add_argument("ref", metavar="ID[@VERSION]", help="the policy (default: its latest)")
    show.add_argument("--language", metavar="LANG", help="in this language, when translated")
    show.set_defaults(func=run_show)
    export = sub.add_parser("export", help="write a stored policy's file, byte for byte")
    export.add_argument("ref", metavar="ID[@VERSION]", help="the policy (default: its latest)")
    export.add_argument("-o", "--out", type=Path, help="the file to write (default: stdout)")
    export.set_defaults(func=run_export)


def _library(args: argparse.Namespace) -> PolicyLibrary:
    workspace = _context.workspace(args)
    return PolicyLibrary(workspace, _context.acting(args, workspace))


def run_import(args: argparse.Namespace) -> int:
    library = _library(args)
    try:
        for path in args.files:
            print(library.import_file(path, apply=not args.keep_queues).summary())
    finally:
        library.workspace.close()
    return 0


def run_list(args: argparse.Namespace) -> int:
    library = _library(args)
    try:
        rows = library.listing()
    finally:
        library.workspace.close()
    if args.json:
        print(
            json.dumps(
                [
                    {
                        "id": r.policy_id,
                        "version": r.version,
                        "sha256": r.sha256,
                        "title": r.title,
                        "latest": r.latest,
                        "queues": list(r.queues),
                        "imported_by": r.imported_by,
                        "imported_at": r.imported_at.isoformat(),
                        "source": r.source,
                    }
                    for r in rows
                ],
                indent=2,
            )
        )
        return 0
    if not rows:
        print(_("no policies stored: import one with `moderator policy import FILE`"))
    for r in rows:
        used = f"  used by {', '.join(r.queues)}" if r.queues else ""
        mark = "*" if r.latest else " "
        ref = f"{r.policy_id}@{r.version}"
        print(f"{mark} {ref:<36} {r.sha256[:12]}  {r.title}{used}")
    return 0


def describe(policy: Policy) -> list[str]:
    lines = [
        f"{policy.title}",
        f"  id {policy.id}, version {policy.version}, sha256 {policy.sha256}",
        f"  languages: {', '.join(policy.languages)}",
        "Questions",
    ]
    for n, q in enumerate(policy.questions, 1):
        optional = "" if q.required else " (optional)"
        lines.append(f"  {n}. {q.text}{optional}  [{q.kind.value}]")
        lines.extend(f"       - {c.label}" for c in q.choices if q.kind.value != "yes_no")
    lines.append("Outcomes")
    lines.extend(f"  {n}. {o.label}" for n, o in enumerate(policy.outcomes, 1))
    if policy.rules:
        lines.append("Rules")
        lines.extend(f"  - {r.message}" for r in policy.rules)
    return lines


def run_show(args: argparse.Namespace) -> int:
    library = _library(args)
    try:
        policy = library.policy(args.ref)
    finally:
        library.workspace.close()
    if args.language:
        policy = localised(policy, args.language)
    print("\n".join(describe(policy)))
    return 0


def run_export(args: argparse.Namespace) -> int:
    library = _library(args)
    try:
        found = library.text(args.ref)
    finally:
        library.workspace.close()
    if args.out is None:
        sys.stdout.buffer.write(found.data())
        sys.stdout.flush()
    else:
        args.out.write_bytes(found.data())
        print(_("wrote {path} ({policy} version {version})", path=args.out,
                policy=found.policy_id, version=found.version), file=sys.stderr)  # fmt: skip
    return 0
