"""`moderator setup`: the first run of a workspace: organisation, first supervisor, policies.

With --org, --supervisor and --timezone it asks nothing (for scripts); otherwise it asks, on a
terminal, for what is missing. It refuses a workspace that already has people.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable

from moderator.cli import _context
from moderator.domain.errors import ConfigError, ModeratorError
from moderator.domain.organisation import check_name, zone
from moderator.domain.policy_file import builtin_ids
from moderator.domain.wellbeing_profile import builtin_profiles
from moderator.services.config import default_username
from moderator.services.i18n import _
from moderator.services.policies import shipped_templates
from moderator.services.setup import SetupRequest, remember_person, set_up
from moderator.services.training_csv import local_zone


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "setup",
        help="set up a new workspace: organisation, first supervisor, policies",
        description="Create the organisation's settings and its first supervisor (you) in an "
        "empty workspace, and import the shipped policies as templates. Asks for what is "
        "missing on a terminal; with --org, --supervisor and --timezone it asks nothing.",
    )
    parser.add_argument("--org", metavar="NAME", help="the organisation's name")
    parser.add_argument("--supervisor", metavar="NAME", help="your user name: the first supervisor")
    parser.add_argument("--name", dest="display_name", default="", help="your full name")
    parser.add_argument(
        "--timezone", metavar="ZONE", help="the organisation's time zone, e.g. Asia/Seoul"
    )
    parser.add_argument("--support", metavar="TEXT", default=None, help="support contact")
    parser.add_argument(
        "--policies",
        metavar="IDS",
        help=f"shipped policies to import, comma-separated, or 'none' (default: all of "
        f"{', '.join(builtin_ids())})",
    )
    parser.add_argument(
        "--wellbeing",
        metavar="PROFILE",
        default=None,
        help=f"the wellbeing profile new queues get ({', '.join(builtin_profiles())}; "
        "default: standard)",
    )
    parser.set_defaults(func=run)


def _policies(value: str | None) -> tuple[str, ...] | None:
    if value is None or value.strip() == "all":
        return None
    if value.strip() == "none":
        return ()
    chosen = tuple(v.strip() for v in value.split(",") if v.strip())
    unknown = [v for v in chosen if v not in builtin_ids()]
    if unknown:
        raise ConfigError(
            f"no shipped policy {', '.join(unknown)} (shipped: {', '.join(builtin_ids())})"
        )
    return chosen


def _ask(question: str, default: str, check: Callable[[str], object] | None = None) -> str:
    """Ask on the terminal until the answer passes `check`; Enter takes the default."""
    while True:
        shown = f" [{default}]" if default else ""
        answer = input(f"{question}{shown}: ").strip() or default
        try:
            if check is not None:
                check(answer)
            return answer
        except ModeratorError as exc:
            print(f"  {exc}", file=sys.stderr)


def _ask_policies() -> tuple[str, ...] | None:
    templates = shipped_templates()
    print("Shipped policies (templates to start from; import your own with `policy import`):")
    for n, p in enumerate(templates, 1):
        print(f"  {n}. {p.id}  (version {p.version}): {p.title}")
    while True:
        answer = input("Import which? numbers separated by commas, 'none' [all]: ").strip()
        if answer in ("", "all"):
            return None
        if answer == "none":
            return ()
        try:
            return tuple(templates[int(n) - 1].id for n in answer.split(","))
        except (ValueError, IndexError):
            print(f"  give numbers from 1 to {len(templates)}", file=sys.stderr)


def _request(args: argparse.Namespace) -> SetupRequest:
    scripted = args.org and args.supervisor and args.timezone
    if not scripted and not sys.stdin.isatty():
        missing = [f"--{k}" for k in ("org", "supervisor", "timezone") if not getattr(args, k)]
        raise ConfigError(_("give {options} (or run `moderator setup` in a terminal)",
                            options=", ".join(missing)))  # fmt: skip
    policies = _policies(args.policies)
    if scripted:
        return SetupRequest(
            args.org, args.supervisor, args.timezone, args.support or "", args.display_name,
            policies, args.wellbeing or "standard",
        )  # fmt: skip
    print("Setting up a new workspace. Press Enter to take the value in [brackets].")
    here = local_zone()
    org = args.org or _ask("Organisation's name", "", _required)
    who = args.supervisor or _ask(
        "Your user name (the first supervisor)", default_username(),
        lambda v: check_name(v, "user name"),
    )  # fmt: skip
    display = args.display_name or _ask("Your full name", who)
    tz = args.timezone or _ask(
        "The organisation's time zone (reports, day boundaries, deadlines)",
        getattr(here, "key", "UTC"), zone,
    )  # fmt: skip
    support = args.support if args.support is not None else _ask("Support contact", "")
    if args.policies is None:
        policies = _ask_policies()
    wellbeing = args.wellbeing or _ask(
        f"Wellbeing profile for new queues ({', '.join(builtin_profiles())})", "standard",
        _shipped_profile,
    )  # fmt: skip
    return SetupRequest(org, who, tz, support, display, policies, wellbeing)


def _required(value: str) -> None:
    if not value:
        raise ConfigError("required")


def _shipped_profile(value: str) -> None:
    if value not in builtin_profiles():
        raise ConfigError(f"one of {', '.join(builtin_profiles())}")


def run(args: argparse.Namespace) -> int:
    request = _request(args)
    paths, _config, profile = _context.profile(args)
    workspace = _context.workspace(args)
    try:
        done = set_up(workspace, request)
    finally:
        workspace.close()
    remember_person(paths, profile, done.supervisor.username)
    s = done.settings
    print(
        _(
            "Set up {name} ({zone}) with {supervisor} as supervisor.",
            name=repr(s.name),
            zone=s.timezone,
            supervisor=done.supervisor.username,
        )
    )
    print(
        _("Policies: {policies}", policies=", ".join(done.policies))
        if done.policies
        else _("Policies: none (import them with `policy import`)")
    )
    print(
        _(
            "Profile {profile} now acts as {supervisor}.",
            profile=repr(profile.name),
            supervisor=done.supervisor.username,
        )
    )
    print(_("Next:"))  # fmt: skip
    ids = [ref.split("@")[0] for ref in done.policies]
    example = "platform-generic" if "platform-generic" in ids else next(iter(ids), "POLICY")
    print(f"  moderator queue add inbox --policy {example}")
    print("  moderator people add NAME --role reviewer")
    print("  moderator ingest MANIFEST.jsonl --queue inbox")
    return 0
