"""The demo paper, loaded once per test run and copied for each server that serves it.

`accord migrate` and `accord demo` (which renders the demo's versions) take half a
minute or more; the browser tests and the API fuzzing each serve the demo and change it,
so each gets a copy of the one loaded (its SQLite file and its data folder) instead of
loading its own.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


def accord(*args: str, env: dict[str, str], timeout: float = 120) -> str:
    """Run an `accord` command; what it printed."""
    done = subprocess.run(
        [sys.executable, "-m", "services.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        timeout=timeout,
    )
    return done.stdout


def site_env(folder: Path) -> dict[str, str]:
    """The environment of an `accord` process over the demo kept in `folder`: embedded
    (no Redis), in development (the demo's people get its password)."""
    env = {
        **os.environ,
        "ACCORD_DATABASE_URL": f"sqlite+aiosqlite:///{folder / 'accord.db'}",
        "ACCORD_DATA_DIR": str(folder / "data"),
        "ACCORD_ENVIRONMENT": "development",
    }
    env.pop("ACCORD_REDIS_URL", None)
    return env


@dataclass(frozen=True)
class DemoSite:
    """A folder holding the loaded demo, and what `accord demo` printed."""

    folder: Path
    printed: str

    def copy_to(self, folder: Path) -> dict[str, str]:
        """A copy of the demo in `folder` (made or emptied); the environment serving it."""
        shutil.copytree(self.folder, folder, dirs_exist_ok=True)
        return site_env(folder)

    def printed_value(self, label: str) -> str:
        """A value `accord demo` printed as `label: value` (a token, say)."""
        return next(
            line.split(":", 1)[1].strip()
            for line in self.printed.splitlines()
            if line.startswith(label + ":")
        )


def load_demo(folder: Path) -> DemoSite:
    env = site_env(folder)
    accord("migrate", env=env)
    return DemoSite(folder, accord("demo", env=env, timeout=300))
