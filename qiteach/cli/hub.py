"""``qiteach hub ...``: run a cohort's JupyterHub (see docs/hub.md).

- ``hub init WORKSPACE HUB_DIR``: accounts, config, private folders, sign-in slips
- ``hub start HUB_DIR``: JupyterHub in the foreground (Ctrl-C stops it cleanly)
- ``hub status HUB_DIR``: who has signed in, servers running, last saves
- ``hub release HUB_DIR --session N``: everyone gets session N's notebook for their team
- ``hub add-user`` / ``hub remove-user``: late joiners and leavers

Each is a small function here calling :mod:`qiteach.hub`; bad input is one line, exit 2.
"""

from __future__ import annotations

import argparse
from pathlib import Path

__all__ = ["register"]


def _init(args: argparse.Namespace) -> int:
    from qiteach.hub.init import init_hub

    made = init_hub(
        args.workspace,
        args.hub_dir,
        force=args.force,
        system_prefix=args.system_prefix,
        ip=args.ip,
        port=args.port,
        idle_timeout=args.idle_timeout,
        ssl_cert=args.ssl_cert or "",
        ssl_key=args.ssl_key or "",
        public_url=args.public_url or "",
        pdf=not args.no_pdf,
        target=args.target,
    )
    trainers = sum(a.is_trainer for a in made.accounts)
    print(
        f"created {made.hub_dir}: {len(made.accounts) - trainers} participant and "
        f"{trainers} trainer accounts"
    )
    for slip in made.slips:
        if slip.name.startswith("slips."):
            print(f"sign-in slips (print, cut, hand out): {slip}")
    if args.target == "k8s":
        print(f"Zero to JupyterHub values: {made.hub_dir / 'k8s'} (see docs/hub.md)")
    print(
        f"next: qiteach hub release {made.hub_dir} --session 1, then qiteach hub start "
        f"{made.hub_dir}"
    )
    return 0


def _start(args: argparse.Namespace) -> int:
    from qiteach.hub.start import start_hub

    return start_hub(args.hub_dir, ip=args.ip, port=args.port)


def _release(args: argparse.Namespace) -> int:
    from qiteach.hub.release import release_session

    done = release_session(args.hub_dir, args.session, force=args.force)
    print(
        f"session {done.session}: {len(done.written)} notebooks released"
        + (f", {len(done.kept)} people already had theirs (kept)" if done.kept else "")
    )
    return 0


def _status(args: argparse.Namespace) -> int:
    from qiteach.hub.status import hub_status

    print(hub_status(args.hub_dir))
    return 0


def _add_user(args: argparse.Namespace) -> int:
    from qiteach.hub.users import add_user

    slip = add_user(
        args.hub_dir,
        args.id,
        args.name,
        team=args.team,
        role=args.role,
        trainer=args.trainer,
        new_code=args.new_code,
    )
    print(f"{args.id}: sign-in slip {slip}")
    return 0


def _remove_user(args: argparse.Namespace) -> int:
    from qiteach.hub.users import remove_user

    kept = remove_user(args.hub_dir, args.id)
    print(f"removed {args.id}: they can no longer sign in; their notebooks are in {kept}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    """Add ``qiteach hub`` and its subcommands."""
    from qiteach.hub.layout import DEFAULTS

    hub = subparsers.add_parser(
        "hub",
        help="run the cohort's JupyterHub: init, start, status, release, add-user, remove-user",
        description="Every participant works in a browser; see docs/hub.md.",
    )
    sub = hub.add_subparsers(dest="hub_command", metavar="HUB_COMMAND")

    p = sub.add_parser("init", help="accounts, config, per-user folders and sign-in slips")
    p.add_argument("workspace", metavar="WORKSPACE", help="the programme workspace (or a name)")
    p.add_argument("hub_dir", metavar="HUB_DIR", type=Path, help="a new folder for the hub")
    p.add_argument("--force", action="store_true", help="replace an existing (stopped) HUB_DIR")
    p.add_argument(
        "--system-prefix", default="qi-", help="prefix of the hub's system user names (default qi-)"
    )
    p.add_argument("--ip", default=DEFAULTS["ip"], help="address to listen on (127.0.0.1)")
    p.add_argument("--port", type=int, default=DEFAULTS["port"], help="port (8000)")
    p.add_argument(
        "--idle-timeout",
        type=int,
        default=DEFAULTS["idle_timeout"],
        help="stop a server idle this many seconds (3600)",
    )
    p.add_argument("--ssl-cert", help="TLS certificate file (PEM) for HTTPS")
    p.add_argument("--ssl-key", help="TLS private key file (PEM) for HTTPS")
    p.add_argument(
        "--public-url", help="address printed on the slips (e.g. https://qi.trust.nhs.uk/)"
    )
    p.add_argument("--no-pdf", action="store_true", help="write the HTML slips only")
    p.add_argument(
        "--target",
        choices=("local", "k8s"),
        default="local",
        help="k8s also writes Zero to JupyterHub values into HUB_DIR/k8s",
    )
    p.set_defaults(func=_init)

    p = sub.add_parser("start", help="start JupyterHub in the foreground (Ctrl-C stops it)")
    p.add_argument("hub_dir", metavar="HUB_DIR", type=Path)
    p.add_argument("--ip", help="listen on this address instead of hub.json's")
    p.add_argument("--port", type=int, help="listen on this port instead of hub.json's")
    p.set_defaults(func=_start)

    p = sub.add_parser("status", help="who has signed in, servers running, last saves")
    p.add_argument("hub_dir", metavar="HUB_DIR", type=Path)
    p.set_defaults(func=_status)

    p = sub.add_parser("release", help="give everyone a session's notebook for their team")
    p.add_argument("hub_dir", metavar="HUB_DIR", type=Path)
    p.add_argument("--session", type=int, required=True, metavar="N")
    p.add_argument("--force", action="store_true", help="replace copies people already have")
    p.set_defaults(func=_release)

    p = sub.add_parser("add-user", help="an account for a late joiner (prints a sign-in slip)")
    p.add_argument("hub_dir", metavar="HUB_DIR", type=Path)
    p.add_argument("--id", required=True, help="participant_id (or trainer_id) e.g. p14")
    p.add_argument("--name", help="display name printed on the slip")
    p.add_argument("--team", help="team_id (participants)")
    p.add_argument("--role", default="other", help="participants.csv role (default other)")
    p.add_argument("--trainer", action="store_true", help="a trainer account")
    p.add_argument(
        "--new-code",
        action="store_true",
        help="an existing account: a new code (forgets the password)",
    )
    p.set_defaults(func=_add_user)

    p = sub.add_parser("remove-user", help="stop someone signing in (their notebooks are kept)")
    p.add_argument("hub_dir", metavar="HUB_DIR", type=Path)
    p.add_argument("--id", required=True)
    p.set_defaults(func=_remove_user)
    hub.set_defaults(func=lambda args: (hub.print_help(), 2)[1])
