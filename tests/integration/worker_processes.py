"""`accord worker` processes for the tests, as an operator starts them."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping
from pathlib import Path

from services.config import Settings

ROOT = Path(__file__).resolve().parents[2]


def start_worker(
    settings: Settings, log: Path, redis_url: str, env: Mapping[str, str] = {}
) -> subprocess.Popen[bytes]:
    """A worker over the settings' database and folder and this Redis, with `env` added;
    its output appended to `log`."""
    full = {
        **os.environ,
        "ACCORD_ENVIRONMENT": "test",
        "ACCORD_DATABASE_URL": settings.database_url,
        "ACCORD_REDIS_URL": redis_url,
        "ACCORD_DATA_DIR": str(settings.data_dir),
        "ACCORD_TOKEN_SECRET": settings.token_secret,
        **env,
    }
    with log.open("ab") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "services.cli", "worker"],
            env=full,
            stdout=out,
            stderr=subprocess.STDOUT,
            cwd=ROOT,
        )
