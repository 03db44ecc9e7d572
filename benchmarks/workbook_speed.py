"""Print the time to read a 公开表 workbook of the nine tables, next to reading the YAML input.

Lines: the office's YAML (load_budget); the workbook alone (tables found, inspected, figures taken),
in the standard and the provincial layout of tests/workbooks.py; and the whole input of text YAML +
workbook (load_input: read, inspect, merge, load). Medians of in-process runs after one warm-up.
Run: make bench   (or .venv/bin/python benchmarks/workbook_speed.py [runs])
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023" / "区政府办公室.yaml"


def median_ms(action, runs: int) -> float:
    """Return the median wall time of *action* in milliseconds."""
    action()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main(runs: int = 20) -> None:
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    import workbooks
    from generator import sources
    from generator.sources.public_tables import figures_of
    from generator.sources.table_checks import inspect
    from generator.sources.tables_input import load_input
    from generator.sources.workbook_tables import normal, read_workbook

    def read_tables(path: Path) -> None:
        normal.cache_clear()   # each run a first read, as for a new workbook
        book = read_workbook(path)
        inspect(book)
        figures_of(book)

    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        (folder / "2023").mkdir()
        (folder / "2022").mkdir()
        shutil.copy(ROOT / "inputs" / "2022" / "区政府办公室.yaml", folder / "2022" / "区政府办公室.yaml")
        shutil.copy(ROOT / "tests" / "tables" / "区政府办公室-文字.yaml", folder / "2023" / "区政府办公室.yaml")
        standard = workbooks.standard(folder / "2023" / "公开表.xlsx")
        text_only = folder / "2023" / "区政府办公室.yaml"
        provincial = workbooks.provincial(folder / "provincial.xlsx")
        yaml_ms = median_ms(lambda: sources.load_budget(EXAMPLE), runs)
        rows = [
            ("读取输入文件 YAML（全部数字）", yaml_ms, EXAMPLE.stat().st_size),
            ("读取公开表 九张表（标准版式）", median_ms(lambda: read_tables(standard), runs), standard.stat().st_size),
            ("读取公开表 九张表（省级导出版式）", median_ms(lambda: read_tables(provincial), runs), provincial.stat().st_size),
            ("文字 YAML + 公开表 合并后读取", median_ms(lambda: normal.cache_clear() or load_input(text_only), runs),
             standard.stat().st_size),
        ]
    for label, ms, size in rows:
        print(f"workbook: {label}: {ms:.1f} ms（{size / 1024:.1f} KiB，为 YAML 的 {ms / yaml_ms:.1f} 倍）")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
