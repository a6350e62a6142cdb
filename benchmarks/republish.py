"""Republish one language after one section changed, against its full cold render.

    python -m benchmarks.republish      (or: make bench-republish)

The 100-section benchmark paper (en, es, fr), rendered as a worker renders it: in the
killable render process (IsolatedRenderer), warmed as a worker warms it. Per round and
language: the full render (DOCX and PDF) of the paper in a fresh render process, the
baseline; then section 50 changes and the same process republishes the language. The
republished files are compared byte for byte with a cold render of the changed text in
another fresh process. Also prints the peak resident memory of this process (in the
worker's place) with its render processes and their pandoc: summed as resident sizes,
and with a child that is still a copy of its parent (forked for pandoc, not yet turned
into it: it shares every page with its parent) counted once.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import statistics
import threading
import time
from pathlib import Path

from benchmarks.paper import paper as generate_paper
from benchmarks.publish import MemoryWatch, _children, _rss
from services.render.isolated import IsolatedRenderer
from workflows.rendering import Edition, RenderSection

LANGS = ("en", "es", "fr")
CHANGED = 50  # the section that changes: the middle of the paper
Texts = dict[str, dict[int, tuple[str, str]]]


def edition(texts: Texts, lang: str, addition: str = "") -> Edition:
    sections = [
        RenderSection(key=f"s{n}", number=str(n), title=title, body=body)
        for n, (title, body) in texts[lang].items()
    ]
    changed = sections[CHANGED - 1]
    sections[CHANGED - 1] = dataclasses.replace(changed, body=changed.body + addition)
    return Edition(
        paper_title="Benchmark paper",
        symbol="A/CONF.226/BENCH/1",
        forum="Habitat III",
        date=datetime.date(2016, 7, 12),
        language=lang,
        source_language="en",
        version="0.1",
        kind="draft",
        distribution="general",
        sections=tuple(sections),
    )


def _image(pid: int) -> tuple[str, ...] | None:
    """Where the process's code and stack start: equal to its parent's while it is a
    fork of it that has not yet run another program."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        parent = fields[1]
    except (OSError, IndexError):
        return None
    return (parent, fields[23], fields[24], fields[25])


class SharedPagesWatch(threading.Thread):
    """The tree's resident memory every 50 ms, a fork not yet exec'd counted with its
    parent (its pages are its parent's, shared)."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid = pid
        self.peak = 0
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.is_set():
            total = _rss(self.pid)
            for child in _children(self.pid):
                mine, theirs = _image(child), None
                if mine is not None:
                    theirs = _image(int(mine[0]))
                if mine is None or theirs is None or mine[1:] != theirs[1:]:
                    total += _rss(child)
            self.peak = max(self.peak, total)
            time.sleep(0.05)


def fresh_renderer() -> IsolatedRenderer:
    renderer = IsolatedRenderer(processes=1)
    renderer.warm()
    return renderer


def render_both(
    renderer: IsolatedRenderer, ed: Edition
) -> tuple[dict[str, float], dict[str, bytes]]:
    """Each format's time and file."""
    times: dict[str, float] = {}
    files: dict[str, bytes] = {}
    for fmt in ("docx", "pdf"):
        started = time.perf_counter()
        files[fmt] = renderer.render(ed, fmt)
        times[fmt] = time.perf_counter() - started
    return times, files


@dataclasses.dataclass
class Result:
    full_times: dict[str, float]
    republish_times: dict[str, float]
    identical: bool | None

    @property
    def full(self) -> float:
        return sum(self.full_times.values())

    @property
    def republish(self) -> float:
        return sum(self.republish_times.values())

    def split(self, times: dict[str, float]) -> str:
        return " + ".join(f"{fmt} {t:.2f}" for fmt, t in times.items())


def run_round(seed: int, check: str) -> dict[str, Result]:
    texts = generate_paper(100, seed=seed)
    results: dict[str, Result] = {}
    for lang in LANGS:
        renderer = fresh_renderer()
        try:
            full, _ = render_both(renderer, edition(texts, lang))
            changed = edition(texts, lang, "\nOne more sentence, added for the benchmark.\n")
            republish, files = render_both(renderer, changed)
        finally:
            renderer.close()
        identical = None
        if lang == check:
            cold = fresh_renderer()
            try:
                _, again = render_both(cold, changed)
            finally:
                cold.close()
            identical = again == files
        results[lang] = Result(full, republish, identical)
    return results


def main(rounds: int) -> None:
    watch = MemoryWatch([os.getpid()])
    watch.start()
    shared = SharedPagesWatch(os.getpid())
    shared.start()
    print(f"paper: 100 sections, {', '.join(LANGS)}; section {CHANGED} changes")
    shares: dict[str, list[float]] = {lang: [] for lang in LANGS}
    checks: list[bool] = []
    for n in range(1, rounds + 1):
        # A text of its own per round; each render process starts cold.
        results = run_round(seed=n, check=LANGS[(n - 1) % len(LANGS)])
        for lang, r in results.items():
            shares[lang].append(r.republish / r.full)
            mark = "" if r.identical is None else f", bytes equal to cold: {r.identical}"
            print(
                f"round {n} {lang}: full render {r.full:.2f} s ({r.split(r.full_times)}), "
                f"republish {r.republish:.2f} s ({r.split(r.republish_times)}) "
                f"= {r.republish / r.full:.1%}{mark}"
            )
            if r.identical is not None:
                checks.append(r.identical)
    watch.stop.set()
    shared.stop.set()
    for lang in LANGS:
        print(
            f"republish {lang} / its full render, median of {rounds}: "
            f"{statistics.median(shares[lang]):.1%} (target ≤ 15%)"
        )
    print(f"republished files equal to cold renders: {sum(checks)} of {len(checks)}")
    peak = max(watch.peak.values())
    print(f"peak memory with render processes and pandoc: {peak / 2**20:.0f} MB (target < 1024 MB)")
    print(
        f"the same, a fork not yet turned into pandoc counted with its parent: "
        f"{shared.peak / 2**20:.0f} MB"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    main(parser.parse_args().rounds)
