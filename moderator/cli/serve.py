"""`moderator serve`: the team server (HTTPS API in front of the team's PostgreSQL)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import timedelta
from pathlib import Path

from moderator.cli import _context
from moderator.cli._args import positive_int
from moderator.domain.errors import ConfigError


def register(subparsers: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    parser = subparsers.add_parser(
        "serve",
        help="run the team server (see docs/team-server.md)",
        description="Serve the team's queue over HTTPS. The database is the profile's (or "
        "--database); its password comes from MODERATOR_DATABASE_PASSWORD. The server never "
        "changes the schema: run `moderator db upgrade` as an administrator first.",
    )
    parser.add_argument(
        "--openapi", action="store_true", help="print the OpenAPI document and exit"
    )
    parser.add_argument("--database", metavar="URL", help="the team's PostgreSQL (runtime login)")
    parser.add_argument("--media", metavar="DIR", type=Path, help="the team's media store")
    parser.add_argument(
        "--key-file",
        metavar="PATH",
        type=Path,
        help="the server's Ed25519 signing key (made, mode 0600, if missing); "
        "default: the OS keyring",
    )
    parser.add_argument("--host", default="127.0.0.1", help="address to listen on (127.0.0.1)")
    parser.add_argument("--port", type=positive_int, default=8443, help="port (8443)")
    parser.add_argument("--certfile", type=Path, help="TLS certificate chain (PEM)")
    parser.add_argument("--keyfile", type=Path, help="TLS private key (PEM)")
    parser.add_argument(
        "--behind-proxy",
        metavar="IPS",
        help="plain HTTP for a TLS-terminating reverse proxy at these addresses (e.g. 127.0.0.1)",
    )
    parser.add_argument(
        "--lease-minutes", type=float, default=5.0, help="how long a claim lasts unrenewed (5)"
    )
    parser.add_argument(
        "--grace-seconds", type=float, default=10.0, help="how long a decision can be undone (10)"
    )
    parser.add_argument(
        "--token-days", type=float, default=7.0, help="how long a desktop's token lasts (7)"
    )
    parser.add_argument(
        "--checkpoint-seconds",
        type=float,
        default=60.0,
        help="how often the server signs its own chain (60)",
    )
    parser.add_argument(
        "--pool-size", type=positive_int, default=10, help="database connections per process (10)"
    )
    parser.add_argument(
        "--workers",
        type=positive_int,
        default=1,
        help="server processes sharing the port (one per core)",
    )
    parser.add_argument(
        "--max-leases", type=int, default=10, help="live leases one person may hold at once"
    )
    parser.add_argument(
        "--webhook-retry-seconds",
        type=float,
        default=2.0,
        help="first retry of a failed webhook delivery after this; doubled each time (2)",
    )
    parser.add_argument(
        "--webhook-timeout-seconds",
        type=float,
        default=5.0,
        help="how long a webhook receiver has to answer (5)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from moderator.server import serve
    from moderator.server.context import ServerSettings

    if args.openapi:
        json.dump(serve.openapi_document(), sys.stdout, indent=2, sort_keys=True)
        print()
        return 0
    if args.media is None:
        raise ConfigError("--media DIR is required: the folder of the team's media store")
    tls = args.certfile is not None and args.keyfile is not None
    if not tls and args.behind_proxy is None:
        raise ConfigError(
            "the server speaks HTTPS: give --certfile and --keyfile, or --behind-proxy IPS "
            "when a reverse proxy terminates TLS"
        )
    database = args.database or _context.profile(args)[2].database
    settings = ServerSettings(
        database=database,
        media_dir=args.media,
        lease=timedelta(minutes=args.lease_minutes),
        grace=timedelta(seconds=args.grace_seconds),
        token_lifetime=timedelta(days=args.token_days),
        checkpoint_seconds=args.checkpoint_seconds,
        pool_size=args.pool_size,
        max_leases=args.max_leases,
        webhook_retry_seconds=args.webhook_retry_seconds,
        webhook_timeout_seconds=args.webhook_timeout_seconds,
    )
    serve.run(
        settings,
        args.key_file,
        host=args.host,
        port=args.port,
        certfile=args.certfile if tls else None,
        keyfile=args.keyfile if tls else None,
        forwarded_allow_ips=args.behind_proxy,
        workers=args.workers,
    )
    return 0
