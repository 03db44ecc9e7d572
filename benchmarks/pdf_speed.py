"""Print the wall time of `draft --pdf` (and with the 公开表) next to the draft alone, and the PDF's pages and fonts.

The PDF is LibreOffice's work: most of the time is its start. Skips with a message when
LibreOffice is not installed.
Run: make bench   (or .venv/bin/python benchmarks/pdf_speed.py [runs])
"""

from __future__ import annotations

import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023" / "区政府办公室.yaml"


def timed(command: list[str]) -> float:
    """Return the wall time in seconds of one run of *command*, which must succeed."""
    start = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True, cwd=ROOT)
    return time.perf_counter() - start


def main(runs: int = 3) -> None:
    if shutil.which("soffice") is None:
        print("pdf_speed: LibreOffice (soffice) is not installed; nothing to measure.")
        return
    with tempfile.TemporaryDirectory() as folder:
        draft = Path(folder) / "区政府办公室.docx"
        base = [sys.executable, "-m", "generator", "draft", str(EXAMPLE), "-o", str(draft)]
        cases = {"draft only": base, "draft --pdf": base + ["--pdf"],
                 "draft --tables-out --tables-docx --pdf": base + ["--tables-out", "--tables-docx", "--pdf"]}
        for name, command in cases.items():
            times = [timed(command) for _ in range(runs)]
            print(f"{name:40s} median {statistics.median(times):6.2f} s  (min {min(times):.2f}, {runs} runs)")
        pdf = draft.with_suffix(".pdf")
        if shutil.which("pdfinfo"):
            info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True).stdout
            print("\n".join(line for line in info.splitlines() if line.startswith(("Pages", "Page size"))))
            print(subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True).stdout, end="")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 3)
