"""Median render time of the one-page proefbrief, warm, in this process.

Run: .venv/bin/python bench/pdf_smoke.py [--runs 30]
Ends with one line: RESULT proefbrief_median_ms=... minimal_median_ms=... ratio=... fast_subsetter=...
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from avg_service import create_app  # noqa: E402
from avg_service.letters.rendering import render_pdf, uses_fast_font_subsetter  # noqa: E402
from avg_service.letters.smoke import render_proefbrief_html  # noqa: E402


def timed(func, runs: int) -> list[float]:  # type: ignore[no-untyped-def]
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        func()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=30)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app({"DATABASE_URL": f"sqlite:///{tmp}/bench.sqlite3", "REDIS_URL": None,
                          "INSTANCE_PATH": tmp})
        with app.app_context():
            html = render_proefbrief_html()
        render_pdf(html)  # warm-up: fonts, fontconfig cache
        letter = timed(lambda: render_pdf(html), args.runs)
        minimal = timed(lambda: render_pdf("<p>Besluit</p>"), args.runs)
    letter_ms, minimal_ms = statistics.median(letter), statistics.median(minimal)
    print(f"proefbrief  median {letter_ms:7.1f} ms  min {min(letter):7.1f} ms  ({args.runs} runs)")
    print(f"minimal     median {minimal_ms:7.1f} ms  min {min(minimal):7.1f} ms")
    print(f"RESULT proefbrief_median_ms={letter_ms:.1f} minimal_median_ms={minimal_ms:.1f} "
          f"ratio={letter_ms / minimal_ms:.2f} fast_subsetter={str(uses_fast_font_subsetter()).lower()}")


if __name__ == "__main__":
    main()
