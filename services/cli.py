"""The `accord` command: serve, worker, migrate, users add, demo."""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable, Sequence

from drafts.commands import CreateUser
from drafts.errors import DomainError
from services.bootstrap import Accord, bootstrap
from services.config import Settings
from services.store.migrate import upgrade
from workflows.users import SYSTEM_ACTOR, create_user, issue_token, revoke_tokens


async def _migrate(accord: Accord) -> None:
    await upgrade(accord.engine)


async def _add_user(accord: Accord, name: str, email: str, admin: bool) -> str:
    async with accord.transaction() as uow:
        _, token = await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name=name, email=email, is_admin=admin),
            uow,
            accord.tokens,
        )
    return token


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
        token = await _add_user(accord, args.name, args.email, args.admin)
        print(token)

    _run(go)


def cmd_users_token(args: argparse.Namespace) -> None:
    async def go(accord: Accord) -> None:
        async with accord.transaction() as uow:
            token = await issue_token(args.name, uow, accord.tokens)
        print(token)

    _run(go)


def cmd_users_revoke(args: argparse.Namespace) -> None:
    async def go(accord: Accord) -> None:
        async with accord.transaction() as uow:
            revoked = await revoke_tokens(args.name, uow)
        print(f"revoked {revoked} token(s) of {args.name}")

    _run(go)


def cmd_serve(args: argparse.Namespace) -> None:
    import uvicorn

    from services.api.app import create_app

    settings = Settings()
    accord = bootstrap(settings)
    if args.migrate:
        asyncio.run(_migrate(accord))
    uvicorn.run(
        create_app(accord),
        host=args.host or settings.host,
        port=args.port or settings.port,
        log_level="info",
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
    add = users.add_parser("add", help="create a user and print their token")
    add.add_argument("name")
    add.add_argument("--email", required=True)
    add.add_argument("--admin", action="store_true")
    add.set_defaults(func=cmd_users_add)
    token = users.add_parser("token", help="print a new token for a user (the old ones stay)")
    token.add_argument("name")
    token.set_defaults(func=cmd_users_token)
    revoke = users.add_parser("revoke", help="revoke every token of a user")
    revoke.add_argument("name")
    revoke.set_defaults(func=cmd_users_revoke)
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
