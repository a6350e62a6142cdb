"""Republish one language after one section changed, against its full cold render.

    python -m benchmarks.republish      (or: make bench-republish)

The 100-section benchmark paper (en, es, fr), rendered as a worker renders it: in the
killable render process (IsolatedRenderer), warmed as a worker warms it. Per round and
language: the full render (DOCX and PDF) of the paper in a fresh render process, the
baseline; then section 50 changes and the same process republishes the language; then
the process is replaced (as a worker replaces one grown past ACCORD_RENDER_RECYCLE_MB),
section 50 changes again, and a fresh process, finding the sections' pieces on disk,
republishes it. The republished files are compared byte for byte with cold renders of
the changed texts in another fresh process with no pieces. Also prints each render
process's resident size after its renders, and the peak memory of this process (in the
worker's place) with its render processes and their pandoc: the sum of their
proportional sizes (a page shared by n processes counts 1/n in each), and for
comparison the sum of their resident sizes, which counts a child forked on its way to
pandoc (sharing every page with its parent until it runs pandoc) twice.

    python -m benchmarks.republish --recycle-mb 900   (a process kept warm longer)
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime
import os
import statistics
import tempfile
import time
from pathlib import Path

from benchmarks.paper import paper as generate_paper
from benchmarks.publish import MemoryWatch
from services.config import Settings
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


def fresh_renderer(pieces: Path | None, recycle_mb: int | None) -> IsolatedRenderer:
    renderer = IsolatedRenderer(processes=1, piece_folder=pieces, recycle_mb=recycle_mb)
    renderer.warm()
    return renderer


@dataclasses.dataclass
class Rendered:
    times: dict[str, float]  # each format's wall time
    processor: float  # processor seconds of both renders, in the render process and pandoc
    files: dict[str, bytes]
    resident: int  # the render process's resident bytes after them


def render_both(renderer: IsolatedRenderer, ed: Edition) -> Rendered:
    times: dict[str, float] = {}
    files: dict[str, bytes] = {}
    resident = 0
    processor = 0.0
    for fmt in ("docx", "pdf"):
        started = time.perf_counter()
        files[fmt] = renderer.render(ed, fmt)
        times[fmt] = time.perf_counter() - started
        resident = max(resident, renderer.last_resident)
        processor += renderer.last_processor
    return Rendered(times, processor, files, resident)


@dataclasses.dataclass
class Result:
    full: Rendered
    republish: Rendered
    recycled: Rendered  # the republish in a fresh process, the pieces on disk
    identical: bool | None

    def line(self, name: str, r: Rendered) -> str:
        split = " + ".join(f"{fmt} {t:.2f}" for fmt, t in r.times.items())
        wall, full = sum(r.times.values()), sum(self.full.times.values())
        text = f"{name} {wall:.2f} s ({split}; {r.processor:.2f} s of processor)"
        if r is self.full:
            return text
        return f"{text} = {wall / full:.1%} ({r.processor / self.full.processor:.1%} of processor)"


def run_round(seed: int, check: str, recycle_mb: int | None) -> dict[str, Result]:
    texts = generate_paper(100, seed=seed)
    results: dict[str, Result] = {}
    for lang in LANGS:
        # A piece folder of its own per language and round: the full render is cold.
        with tempfile.TemporaryDirectory(prefix="bench-pieces-") as folder:
            pieces = Path(folder)
            renderer = fresh_renderer(pieces, recycle_mb)
            try:
                full = render_both(renderer, edition(texts, lang))
                changed = edition(texts, lang, "\nOne more sentence, added for the benchmark.\n")
                republish = render_both(renderer, changed)
            finally:
                renderer.close()
            # The process replaced (as a grown one is): a fresh one, the folder warm, and
            # the section changed again.
            again = edition(texts, lang, "\nOne more sentence, added for the benchmark. Two.\n")
            fresh = fresh_renderer(pieces, recycle_mb)
            try:
                recycled = render_both(fresh, again)
            finally:
                fresh.close()
        identical = None
        if lang == check:
            cold = fresh_renderer(None, recycle_mb)
            try:
                identical = render_both(cold, changed).files == republish.files
                identical = identical and render_both(cold, again).files == recycled.files
            finally:
                cold.close()
        results[lang] = Result(full, republish, recycled, identical)
    return results


def main(rounds: int, recycle_mb: int | None) -> None:
    watch = MemoryWatch([os.getpid()])
    watch.start()
    print(
        f"paper: 100 sections, {', '.join(LANGS)}; section {CHANGED} changes; "
        f"render process replaced past {recycle_mb} MB"
    )
    shares: dict[str, list[float]] = {lang: [] for lang in LANGS}
    recycled_shares: dict[str, list[float]] = {lang: [] for lang in LANGS}
    processor: dict[str, list[float]] = {lang: [] for lang in LANGS}
    recycled_processor: dict[str, list[float]] = {lang: [] for lang in LANGS}
    checks: list[bool] = []
    for n in range(1, rounds + 1):
        # A text of its own per round; each render process starts cold.
        results = run_round(seed=n, check=LANGS[(n - 1) % len(LANGS)], recycle_mb=recycle_mb)
        for lang, r in results.items():
            shares[lang].append(sum(r.republish.times.values()) / sum(r.full.times.values()))
            recycled_shares[lang].append(
                sum(r.recycled.times.values()) / sum(r.full.times.values())
            )
            processor[lang].append(r.republish.processor / r.full.processor)
            recycled_processor[lang].append(r.recycled.processor / r.full.processor)
            mark = "" if r.identical is None else f"; bytes equal to cold: {r.identical}"
            mb = " / ".join(f"{x.resident / 2**20:.0f}" for x in (r.full, r.republish, r.recycled))
            print(
                f"round {n} {lang}: {r.line('full render', r.full)}; "
                f"{r.line('republish', r.republish)}; "
                f"{r.line('after a replaced process', r.recycled)}{mark}; "
                f"render process resident after each: {mb} MB"
            )
            if r.identical is not None:
                checks.append(r.identical)
    watch.stop.set()
    for lang in LANGS:
        print(
            f"republish {lang} / its full render, median of {rounds} (target ≤ 15%): "
            f"in the same process {statistics.median(shares[lang]):.1%} "
            f"({statistics.median(processor[lang]):.1%} of processor); "
            f"in a fresh process, pieces on disk {statistics.median(recycled_shares[lang]):.1%} "
            f"({statistics.median(recycled_processor[lang]):.1%} of processor)"
        )
    print(f"republished files equal to cold renders: {sum(checks)} of {len(checks)}")
    peak, resident = max(watch.peak.values()), max(watch.resident_peak.values())
    print(
        f"peak memory with render processes and pandoc: {peak / 2**20:.0f} MB "
        f"(target < 1024 MB; resident sizes summed, a fork on its way to pandoc counting its "
        f"parent's pages again: {resident / 2**20:.0f} MB)"
    )


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument(
        "--recycle-mb",
        type=int,
        default=Settings().render_recycle_mb,
        help="replace the render process past this resident size (ACCORD_RENDER_RECYCLE_MB)",
    )
    arguments = parser.parse_args()
    main(arguments.rounds, arguments.recycle_mb)
