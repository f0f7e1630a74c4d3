"""The demo workspace: synthetic reports, queues, policies, people and training records."""

from __future__ import annotations

import json
import random
import shutil
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from moderator.domain.reports import Role
from moderator.media.pool import MediaPool
from moderator.services import config as config_mod
from moderator.services import signing
from moderator.services.config import Config, Profile, embedded_profile
from moderator.services.demo.group import group_records
from moderator.services.demo.lifecycle import seed_lifecycle
from moderator.services.demo.media import write_image, write_video
from moderator.services.demo.quality import seed_quality
from moderator.services.demo.texts import REPORTER_TEXTS
from moderator.services.demo.training import seed_training
from moderator.services.demo.wellbeing import PROFILES, seed_wellbeing
from moderator.services.ingest import Hasher, Ingest, IngestSummary
from moderator.services.media_hashing import pool_hasher
from moderator.services.paths import Paths
from moderator.services.people import People
from moderator.services.queues import QueueAdmin, QueueRequest, wellbeing_text
from moderator.services.setup import SetupRequest, set_up
from moderator.services.training import TrainingAdmin
from moderator.services.training_csv import local_zone
from moderator.services.workspace import Workspace, open_workspace
from moderator.store.models import Report
from moderator.store.private import open_private
from moderator.store.training import CourseInput, RecordInput

DEMO_PROFILE = "demo"
REVIEWER = "demo.reviewer"
SUPERVISOR = "demo.supervisor"
TRAINEE = "demo.trainee"
SEED = 20261121
ORGANISATION = "Demo hotline (synthetic data)"
SUPPORT = "The demo has no support desk: see the README"


@dataclass(frozen=True)
class QueueSpec:
    name: str
    title: str
    policy: str
    categories: tuple[str, ...]
    sla_hours: int
    trainings: tuple[str, ...] = ()
    min_role: Role = Role.REVIEWER


QUEUES = (
    QueueSpec(
        "kr-illegal-filming",
        "Illegal filming and synthetic sexual media (KR)",
        "kr-illegal-filming",
        ("illegal_filming", "synthetic_sexual", "non_consensual"),
        24,
        ("KR-STAT-2H",),
    ),
    QueueSpec(
        "csam-grading",
        "Child sexual abuse material: grading",
        "iwf-csam-grading",
        ("csam",),
        12,
        ("CSAM-CERT",),
    ),
    QueueSpec(
        "platform-general",
        "Platform reports: general",
        "platform-generic",
        ("harassment", "violence", "spam", "other"),
        48,
        ("MOD-BASICS",),
    ),
    QueueSpec(
        "supervisor-escalations",
        "Escalations (supervisors)",
        "platform-generic",
        ("escalated",),
        8,
        (),
        Role.SUPERVISOR,
    ),
)
COURSES = (
    ("MOD-BASICS", "Moderation basics and reviewer wellbeing", 730),
    ("KR-STAT-2H", "Statutory training for responsible officers (2 h, KR)", 365),
    ("CSAM-CERT", "Child-abuse material grading certification", 365),
)


def demo_profile(paths: Paths) -> Profile:
    return embedded_profile(paths, DEMO_PROFILE)


def ensure_demo(
    paths: Paths,
    *,
    reset: bool = False,
    hasher: Hasher | None = None,
    progress: Callable[[str], None] | None = None,
    make_default: bool = False,
) -> tuple[Workspace, bool]:
    """Create the demo workspace once (again with `reset`); returns it and if it was built.

    The `demo` profile is registered, but becomes the default only with `make_default`: the
    commands an organisation types (`setup`, `ingest`...) keep going to its own workspace.
    """
    say = progress or (lambda _msg: None)
    profile = demo_profile(paths)
    config = config_mod.load(paths)
    db_file, media = paths.workspace_file(DEMO_PROFILE), Path(profile.media_root)
    if reset:
        for suffix in ("", "-wal", "-shm"):
            Path(f"{db_file}{suffix}").unlink(missing_ok=True)
        shutil.rmtree(media, ignore_errors=True)
        signing.forget_checkpoints(config.workstation_id, profile.database)
    if make_default:
        config = config_mod.add_profile(paths, profile, make_default=True)
    elif DEMO_PROFILE not in config.profiles:
        config.profiles[DEMO_PROFILE] = config_mod.validate_profile(profile)
        config_mod.save(paths, config)  # not add_profile: that makes a first profile default
    workspace = open_workspace(profile, config)
    with workspace.transaction() as session:
        built = session.scalar(select(func.count()).select_from(Report)) or 0
    if built:
        return workspace, False
    say("Generating synthetic media...")
    manifest = _generate(paths, media, config, say)
    say("Setting up queues, people and training records...")
    _seed_people_and_queues(workspace)
    seed_training(workspace)
    seed_quality(workspace)  # QA history; before the ingest, so its queues hold only it
    seed_lifecycle(workspace)  # the actions of that history's decisions, mostly done
    say("Ingesting reports (hashing media in the sandbox)...")
    if hasher is None:
        with MediaPool(workers=2) as pool:
            summary = ingest_manifest(workspace, manifest, pool_hasher(pool))
    else:
        summary = ingest_manifest(workspace, manifest, hasher)
    if not summary.ok:
        raise RuntimeError(
            "demo ingest failed: " + "; ".join(p.describe() for p in summary.problems)
        )
    seed_wellbeing(workspace)  # queue profiles and a few past days of exposure and breaks
    return workspace, True


def ingest_manifest(workspace: Workspace, manifest: Path, hasher: Hasher | None) -> IngestSummary:
    ingest = Ingest(workspace, workspace.actor(SUPERVISOR), hasher=hasher)
    return ingest.run([manifest])


def _generate(paths: Paths, media: Path, config: Config, say: Callable[[str], None]) -> Path:
    rng = random.Random(SEED)
    files: list[str] = []
    sizes = [
        (640, 480),
        (800, 600),
        (1024, 768),
        (1280, 960),
        (1600, 1200),
        (960, 1280),
        (2000, 1500),
    ]
    for i in range(72):
        w, h = rng.choice(sizes)
        ext = rng.choice([".jpg", ".jpg", ".jpg", ".png", ".webp"])
        files.append(
            write_image(media / "images" / f"img-{i:03d}{ext}", w, h, SEED + i)
            .relative_to(media)
            .as_posix()
        )
    for i, (w, h) in enumerate([(4000, 3000), (6000, 4000)]):  # 12 MP and 24 MP
        files.append(
            write_image(media / "large" / f"large-{i}.jpg", w, h, SEED + 500 + i)
            .relative_to(media)
            .as_posix()
        )
    say("Encoding synthetic videos...")
    for i in range(4):
        files.append(
            write_video(media / "videos" / f"clip-{i}.mp4", 640, 360, 4 + i, SEED + 900 + i)
            .relative_to(media)
            .as_posix()
        )
    manifest = paths.data_dir / "demo-manifest.jsonl"
    now = datetime.now().astimezone()
    with open_private(manifest, "w", encoding="utf-8") as out:
        for n in range(240):
            spec = QUEUES[n % 3]
            received = now - timedelta(minutes=rng.randint(5, 20 * 60))
            out.write(
                json.dumps(
                    {
                        "external_ref": f"DEMO-{n:05d}",
                        "source": "demo",
                        "channel": rng.choice(
                            ["web-form", "in-app", "hotline-partner", "classifier"]
                        ),
                        "queue": spec.name,
                        "received_at": received.isoformat(),
                        "reported_category": rng.choice(spec.categories),
                        "reporter_text": rng.choice(REPORTER_TEXTS),
                        "url": f"https://example.invalid/post/{rng.randrange(10**8)}",
                        "platform": rng.choice(
                            ["example-video", "example-social", "example-forum"]
                        ),
                        "priority": rng.choice([1, 2, 3, 3, 4, 5]),
                        "media": [files[rng.randrange(len(files))]],
                    }
                )
                + "\n"
            )
        for record in group_records(media, now):  # a picture and its near copies: a group
            out.write(json.dumps(record) + "\n")
    return manifest


def _seed_people_and_queues(workspace: Workspace) -> None:
    """The organisation, its people, courses, queues and training records, made through the
    same services (and audit events) as `moderator setup`, `people add` and `queue add`."""
    now = workspace.now()
    set_up(
        workspace,
        SetupRequest(
            ORGANISATION, SUPERVISOR, _zone_name(), support=SUPPORT,
            display_name="Demo Supervisor",
        ),
    )  # fmt: skip
    people = People(workspace, SUPERVISOR)
    people.add(REVIEWER, Role.REVIEWER, "Demo Reviewer")
    people.add(TRAINEE, Role.REVIEWER, "Demo Trainee")
    training = TrainingAdmin(workspace, SUPERVISOR)
    for code, title, days in COURSES:
        training.save_course(CourseInput(code, title, days))
    queues = QueueAdmin(workspace, SUPERVISOR)
    escalations = QUEUES[-1].name
    for spec in (QUEUES[-1], *QUEUES[:-1]):  # the escalation queue first: the others name it
        queues.add(
            QueueRequest(
                spec.name, spec.policy, spec.title, spec.sla_hours,
                escalate_to=None if spec.name == escalations else escalations,
                requires=spec.trainings, min_role=spec.min_role, categories=spec.categories,
                wellbeing=wellbeing_text(PROFILES[spec.name]),
            )
        )  # fmt: skip

    def record(who: str, code: str, completed_days_ago: int, expires_in_days: int) -> None:
        completed = now - timedelta(days=completed_days_ago)
        expires = now + timedelta(days=expires_in_days)
        training.add_record(RecordInput(who, code, completed, expires, "demo record", "demo"))

    record(REVIEWER, "MOD-BASICS", 200, 530)
    record(SUPERVISOR, "MOD-BASICS", 200, 530)
    record(REVIEWER, "KR-STAT-2H", 100, 265)
    record(REVIEWER, "CSAM-CERT", 345, 20)  # expires soon: shows the 30-day warning
    record(SUPERVISOR, "KR-STAT-2H", 30, 335)
    record(SUPERVISOR, "CSAM-CERT", 30, 335)
    # Expired, and nothing else: the trainee is gated out of every queue.
    record(TRAINEE, "KR-STAT-2H", 400, -35)
    record(TRAINEE, "MOD-BASICS", 800, -70)


def _zone_name() -> str:
    """This computer's IANA zone for the demo organisation (UTC when it has no name)."""
    zone = local_zone()
    return zone.key if isinstance(zone, ZoneInfo) else "UTC"
