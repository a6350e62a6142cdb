"""Only the unit of work's owner commits: no route, job, handler or workflow calls commit.

The rule is kept by construction (the `UnitOfWork` port has no `commit`, so mypy refuses
one in workflows) and checked here over the whole application code, services included.
"""

from __future__ import annotations

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# The only calls of `.commit()` there may be, by file and function.
ALLOWED = {
    # Every request, job and command opens its units of work here.
    ("services/bootstrap.py", "transaction"),
    # An idempotent create commits inside the route to see a concurrent twin of its key.
    ("services/api/idempotency.py", "commit_once"),
}


def commit_calls(root: Path = ROOT) -> set[tuple[str, str]]:
    """(file, function) of every call of a `.commit()` in the application's code."""
    found: set[tuple[str, str]] = set()
    for package in ("drafts", "workflows", "services"):
        for path in sorted((root / package).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), str(path))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if (
                        isinstance(node, ast.Call)
                        and isinstance(node.func, ast.Attribute)
                        and node.func.attr == "commit"
                    ):
                        found.add((path.relative_to(root).as_posix(), function.name))
    return found


def test_only_the_transaction_and_commit_once_commit() -> None:
    # The unit of work's own `commit` calls the session's; that is the implementation.
    calls = commit_calls() - {("services/store/unit_of_work.py", "commit")}
    assert calls == ALLOWED


def test_the_check_sees_a_route_that_commits(tmp_path: Path) -> None:
    routes = tmp_path / "services" / "api" / "routes"
    routes.mkdir(parents=True)
    (routes / "papers.py").write_text(
        "async def patch_paper(uow):\n    await update(uow)\n    await uow.commit()\n"
    )
    assert commit_calls(tmp_path) == {("services/api/routes/papers.py", "patch_paper")}
