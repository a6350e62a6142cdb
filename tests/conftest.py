"""Fixtures shared by every test: real databases, migrated by the real migrations."""

from __future__ import annotations

import os
import uuid
from collections.abc import AsyncIterator, Callable, Iterator
from pathlib import Path

import httpx
import pytest
from sqlalchemy import text
from sqlalchemy.engine import make_url

from drafts.commands import CreateUser
from services.api.app import create_app
from services.bootstrap import Accord, bootstrap
from services.config import Settings
from services.store.engine import make_engine
from services.store.migrate import upgrade
from services.store.tables import metadata
from tests.demo_site import DemoSite, load_demo
from tests.servers import POSTGRES_URL, require
from workflows.ports import Renderer
from workflows.users import SYSTEM_ACTOR, create_user

BACKENDS = ["sqlite", "postgresql"]


@pytest.fixture(scope="session")
def sqlite_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    return f"sqlite+aiosqlite:///{tmp_path_factory.mktemp('db') / 'accord.db'}"


@pytest.fixture(scope="session")
async def postgresql_url() -> AsyncIterator[str]:
    """A database of its own for this test run, made from the server's `test` database."""
    require(POSTGRES_URL, 5432, "PostgreSQL")
    name = f"accord_test_{os.getpid()}_{uuid.uuid4().hex[:6]}"
    admin = make_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    async with admin.connect() as conn:
        await conn.execute(text(f'CREATE DATABASE "{name}"'))
    url = make_url(POSTGRES_URL).set(database=name).render_as_string(hide_password=False)
    yield url
    async with admin.connect() as conn:
        await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    await admin.dispose()


# The sequences of each migrated PostgreSQL database, by URL (SQLite has none to restart).
_migrated: dict[str, list[str]] = {}


@pytest.fixture(params=BACKENDS)
def database_url(request: pytest.FixtureRequest) -> str:
    url: str = request.getfixturevalue(f"{request.param}_url")
    return url


async def _reset(accord: Accord, url: str) -> None:
    """Migrate once per database, then empty every table so each test starts clean, its
    ids counted from 1 again.

    Row by row rather than PostgreSQL's TRUNCATE: a test leaves a few rows, and a TRUNCATE
    of every table (new files for each) took a tenth of a second to most of a second per
    test, the busier the disk the longer; DELETE and restarting the sequences take a few
    milliseconds."""
    postgresql = accord.engine.dialect.name == "postgresql"
    if url not in _migrated:
        await upgrade(accord.engine)
        sequences: list[str] = []
        if postgresql:
            async with accord.engine.connect() as conn:
                found = await conn.execute(
                    text("SELECT sequencename FROM pg_sequences WHERE schemaname = 'public'")
                )
                sequences = [row[0] for row in found]
        _migrated[url] = sequences
    async with accord.engine.begin() as conn:
        # Children before their parents.
        for table in reversed(metadata.sorted_tables):
            await conn.execute(table.delete())
        for sequence in _migrated[url]:
            await conn.execute(text(f'ALTER SEQUENCE "{sequence}" RESTART'))


@pytest.fixture
def settings(database_url: str, tmp_path: Path) -> Settings:
    return Settings(
        environment="test",
        database_url=database_url,
        data_dir=tmp_path / "data",
        token_secret="test-secret-" + "x" * 32,
    )


@pytest.fixture(scope="session")
def isolated_renderer() -> Iterator[Renderer]:
    """The real renderer (child processes that stay warm), shared by the whole run:
    starting its processes for each test would cost seconds each."""
    from services.render.isolated import IsolatedRenderer

    shared = IsolatedRenderer(processes=2)
    yield shared
    shared.close()


@pytest.fixture
def renderer(request: pytest.FixtureRequest) -> Renderer | None:
    """The renderer Accord is wired with: the real one by default. A module overrides this
    fixture, or a test names a stand-in's class with
    `@pytest.mark.parametrize("renderer", [StandIn], indirect=True)`."""
    make: Callable[[], Renderer] | None = getattr(request, "param", None)
    if make:
        return make()
    shared: Renderer = request.getfixturevalue("isolated_renderer")
    return shared


@pytest.fixture
async def accord(settings: Settings, renderer: Renderer | None) -> AsyncIterator[Accord]:
    accord = bootstrap(settings, renderer=renderer)
    await _reset(accord, settings.database_url)
    yield accord
    await accord.close()


async def make_user(accord: Accord, name: str, *, admin: bool = False) -> str:
    """Create a user directly through the workflow and return their token."""
    async with accord.transaction() as uow:
        _, token = await create_user(
            CreateUser(actor=SYSTEM_ACTOR, name=name, email=f"{name}@example.org", is_admin=admin),
            uow,
            accord.tokens,
        )
    return token


@pytest.fixture
async def client(accord: Accord) -> AsyncIterator[httpx.AsyncClient]:
    app = create_app(accord)
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://accord.test/api/v1") as c:
        yield c


@pytest.fixture(scope="session")
def demo_site(tmp_path_factory: pytest.TempPathFactory) -> DemoSite:
    """The demo, loaded once for the run: copy it (`copy_to`) before serving or changing it."""
    return load_demo(tmp_path_factory.mktemp("demo-site"))


@pytest.fixture
def anyio_backend() -> Iterator[str]:
    yield "asyncio"
