"""The `accord` command: serve, worker, migrate, users, consequences, demo."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence
from datetime import UTC, datetime, timedelta

from drafts.commands import CreateUser
from drafts.errors import DomainError, NotFound
from services.bootstrap import Accord, bootstrap
from services.config import Settings
from services.store.migrate import upgrade
from workflows.consequence_ports import ConsequenceStatus
from workflows.dispatch import list_consequences, replay, replay_dead
from workflows.invitations import NewInvitation, invite
from workflows.sessions import sign_out_everywhere
from workflows.users import SYSTEM_ACTOR, create_user, issue_token, revoke_tokens


async def _migrate(accord: Accord) -> None:
    await upgrade(accord.engine)


async def _add_user(
    accord: Accord, name: str, email: str, admin: bool
) -> tuple[str, NewInvitation]:
    async with accord.transaction() as uow:
        _, token = await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name=name, email=email, is_admin=admin),
            uow,
            accord.tokens,
        )
        invitation = await invite(name, uow, accord.signin)
    return token, invitation


def _show_invitation(invitation: NewInvitation) -> str:
    until = invitation.expires_at.strftime("%Y-%m-%d %H:%M UTC")
    return f"invitation (one use, until {until}): {invitation.url}"


def _run(job: Callable[[Accord], Awaitable[object]]) -> None:
    async def main() -> None:
        accord = bootstrap()
        try:
            await job(accord)
        finally:
            await accord.close()

    asyncio.run(main())


def cmd_migrate(args: argparse.Namespace) -> None:
    _run(_migrate)
    print("database schema is up to date")


def cmd_users_add(args: argparse.Namespace) -> None:
    async def go(accord: Accord) -> None:
        token, invitation = await _add_user(accord, args.name, args.email, args.admin)
        # The token first and alone on its line, as before, for scripts that read it.
        print(token)
        print(_show_invitation(invitation))

    _run(go)


def cmd_users_invite(args: argparse.Namespace) -> None:
    async def go(accord: Accord) -> None:
        async with accord.transaction() as uow:
            invitation = await invite(args.name, uow, accord.signin)
        print(_show_invitation(invitation))

    _run(go)


def cmd_users_token(args: argparse.Namespace) -> None:
    async def go(accord: Accord) -> None:
        expires_at = (
            datetime.now(UTC) + timedelta(days=args.days) if args.days is not None else None
        )
        async with accord.transaction() as uow:
            issued = await issue_token(
                args.name, uow, accord.tokens, token_name=args.label, expires_at=expires_at
            )
        print(issued.secret)

    _run(go)


def cmd_users_revoke(args: argparse.Namespace) -> None:
    async def go(accord: Accord) -> None:
        async with accord.transaction() as uow:
            revoked = await revoke_tokens(args.name, uow)
        print(f"revoked {revoked} token(s) of {args.name}")

    _run(go)


def cmd_users_signout(args: argparse.Namespace) -> None:
    async def go(accord: Accord) -> None:
        async with accord.transaction() as uow:
            user = await uow.users.get(args.name)
            if user is None:
                raise NotFound(f"user {args.name!r} not found")
            ended = await sign_out_everywhere(user, uow)
        print(f"ended {ended} session(s) of {args.name}")

    _run(go)


def cmd_consequences_list(args: argparse.Namespace) -> None:
    async def go(accord: Accord) -> None:
        status = ConsequenceStatus(args.status) if args.status else None
        async with accord.uow() as uow:
            page = await list_consequences(uow, None, status, args.handler, 0, args.limit)
        for c in page.items:
            error = f"  {c.last_error}" if c.last_error else ""
            print(
                f"{c.id:>8}  {c.status.value:7}  {c.attempts:>2} tries  {c.handler:20}  "
                f"{c.event_name} {c.event_id}  {c.paper or '-'}{error}"
            )
        if page.next_after is not None:
            print(f"(more: the first {args.limit} are shown)")

    _run(go)


def cmd_consequences_replay(args: argparse.Namespace) -> None:
    async def go(accord: Accord) -> None:
        async with accord.transaction() as uow:
            if args.all_dead:
                replayed = [c.id for c in await replay_dead(uow, None, args.handler)]
            else:
                replayed = [(await replay(uow, None, n)).id for n in args.ids]
        print(f"replayed {len(replayed)} consequence(s): {' '.join(map(str, replayed))}".strip())

    if not args.ids and not args.all_dead:
        print("accord: name the consequences to replay, or --all-dead", file=sys.stderr)
        sys.exit(2)
    _run(go)


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from services.api.app import create_app
    from services.observability.logs import configure_logging

    settings = Settings()
    configure_logging(settings)
    accord = bootstrap(settings)
    if args.migrate:
        asyncio.run(_migrate(accord))
    uvicorn.run(
        create_app(accord),
        host=args.host or settings.host,
        port=args.port or settings.port,
        # Accord's logging (JSON lines with request ids) and its own access log.
        log_config=None,
        access_log=False,
        # Live event streams never end by themselves; on shutdown they get this long.
        timeout_graceful_shutdown=5,
    )


def cmd_demo(args: argparse.Namespace) -> None:
    from services.demo.loader import load_demo

    _run(lambda accord: load_demo(accord, announce=print))


def cmd_worker(args: argparse.Namespace) -> None:
    from services.worker.main import run_worker

    run_worker(Settings())


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="accord", description=__doc__)
    sub = root.add_subparsers(dest="command", required=True)

    serve = sub.add_parser("serve", help="serve the HTTP API")
    serve.add_argument("--host")
    serve.add_argument("--port", type=int)
    serve.add_argument("--migrate", action="store_true", help="migrate the database first")
    serve.set_defaults(func=cmd_serve)

    sub.add_parser("migrate", help="bring the database schema up to date").set_defaults(
        func=cmd_migrate
    )
    sub.add_parser("worker", help="run a background worker (needs ACCORD_REDIS_URL)").set_defaults(
        func=cmd_worker
    )
    sub.add_parser("demo", help="load the demo paper").set_defaults(func=cmd_demo)

    users = sub.add_parser("users", help="manage users").add_subparsers(
        dest="users_command", required=True
    )
    add = users.add_parser(
        "add", help="create a user; print their token, then their invitation link"
    )
    add.add_argument("name")
    add.add_argument("--email", required=True)
    add.add_argument("--admin", action="store_true")
    add.set_defaults(func=cmd_users_add)
    invite_ = users.add_parser(
        "invite", help="print a new invitation link (to set or reset a password)"
    )
    invite_.add_argument("name")
    invite_.set_defaults(func=cmd_users_invite)
    token = users.add_parser("token", help="print a new token for a user (the old ones stay)")
    token.add_argument("name")
    token.add_argument("--label", default="", help="what the token is for")
    token.add_argument(
        "--days", type=int, help="days until it stops working (default: until revoked)"
    )
    token.set_defaults(func=cmd_users_token)
    revoke = users.add_parser("revoke", help="revoke every token of a user")
    revoke.add_argument("name")
    revoke.set_defaults(func=cmd_users_revoke)
    signout = users.add_parser(
        "signout", help="end every session of a user, in every browser (tokens stay)"
    )
    signout.add_argument("name")
    signout.set_defaults(func=cmd_users_signout)
    consequences = sub.add_parser(
        "consequences", help="what events set off: list them, replay dead letters"
    ).add_subparsers(dest="consequences_command", required=True)
    listing = consequences.add_parser("list", help="list consequences (dead letters by default)")
    listing.add_argument("--status", choices=[s.value for s in ConsequenceStatus], default="dead")
    listing.add_argument("--handler")
    listing.add_argument("--limit", type=int, default=100)
    listing.set_defaults(func=cmd_consequences_list)
    again = consequences.add_parser("replay", help="run dead-lettered consequences again")
    again.add_argument("ids", nargs="*", type=int, metavar="ID")
    again.add_argument("--all-dead", action="store_true", help="every dead letter")
    again.add_argument("--handler", help="with --all-dead: only this handler's")
    again.set_defaults(func=cmd_consequences_replay)
    return root


def main(argv: Sequence[str] | None = None) -> None:
    args = parser().parse_args(argv)
    try:
        args.func(args)
    except DomainError as error:
        print(f"accord: {error.detail}", file=sys.stderr)
        sys.exit(2)


if __name__ == "__main__":
    main()
