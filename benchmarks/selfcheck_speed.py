"""Print the self-check's time on inputs of 0.65 MB and 1.3 MB, to show it grows linearly.

The input is the example with thousands of duties, each holding numbers of its own (staff
text the self-check must excuse) — the case that took 11 s and 49 s with one str.replace per
staff text per paragraph (issue 10). Only trace_numbers is timed, not loading or rendering.
Run: make bench   (or .venv/bin/python benchmarks/selfcheck_speed.py)
"""

from __future__ import annotations

import re
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023" / "区政府办公室.yaml"


def big_input(folder: Path, megabytes: float) -> Path:
    """Return a copy of the example whose duties fill it to about *megabytes*."""
    text = EXAMPLE.read_text(encoding="utf-8")
    duties, number = [], 0
    size = len(text.encode("utf-8"))
    while size < megabytes * 1024 * 1024:
        number += 1
        duty = (f"    - 负责第{number + 20000}片区{number % 97 + 9000}个社区的政务公开和信息公开工作，每年组织{number % 9 + 2}次专项检查，"
                f"承办第{number + 50000}号督办件，指导{number % 13 + 1}个街道的文秘工作。\n")
        duties.append(duty)
        size += len(duty.encode("utf-8"))
    text = re.sub(r"(  主要职责:.*\n)", lambda m: m.group(1) + "".join(duties), text, count=1)
    target = folder / "inputs" / "2023" / f"大{megabytes}.yaml"
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def main() -> None:
    sys.path.insert(0, str(ROOT))
    from generator import drafting
    from generator.context import build_context
    from generator.sources import load_budget
    from generator.render import make_renderer
    from generator.selfcheck import trace_numbers

    renderer = make_renderer(drafting.DEFAULT_TEMPLATE)
    times = {}
    with tempfile.TemporaryDirectory() as work:
        for megabytes in (0.65, 1.3):
            source = big_input(Path(work), megabytes)
            budget = load_budget(source).budget
            book = drafting.book_for(budget)
            _, paragraphs = renderer.render(build_context(budget, book))
            start = time.perf_counter()
            found = trace_numbers(paragraphs, budget, book, str(renderer.path))
            times[megabytes] = time.perf_counter() - start
            print(f"self-check, {source.stat().st_size / 1024 / 1024:.2f} MB input ({len(budget.unit.duties)} duties, "
                  f"{len(paragraphs)} paragraphs): {times[megabytes]:.2f} s, {len(found)} SELF-01")
    print(f"1.3 MB ÷ 0.65 MB: {times[1.3] / times[0.65]:.1f}× (linear growth is 2×)")


if __name__ == "__main__":
    main()
