"""Helpers shared by the tests: the example input, edited copies of it, drafts read back as text."""

from __future__ import annotations

import re
from pathlib import Path

from docx import Document

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "inputs" / "2023" / "区政府办公室.yaml"
GOLDEN = Path(__file__).resolve().parent / "golden"


def paragraphs(path: Path, keep_empty: bool = False) -> list[str]:
    """Return the text of every body paragraph of a .docx, stripped; empty ones dropped unless asked."""
    texts = [p.text.strip() for p in Document(str(path)).paragraphs]
    return texts if keep_empty else [t for t in texts if t]


def edited_example(tmp_path: Path, *replacements: tuple[str, str], name: str = "区政府办公室.yaml") -> Path:
    """Return a copy of the example input in tmp_path/inputs/2023 with lines edited.

    Each replacement is (regex, text) applied once to the file's text; a pattern
    that matches nothing fails the test, so an edit can never silently miss.
    """
    text = EXAMPLE.read_text(encoding="utf-8")
    for pattern, new in replacements:
        text, count = re.subn(pattern, lambda _: new, text, count=1, flags=re.MULTILINE)
        assert count == 1, f"pattern not found in the example input: {pattern}"
    target = tmp_path / "inputs" / "2023" / name
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text(text, encoding="utf-8")
    return target


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    """Return (exit code, stdout, stderr) of the CLI run in-process."""
    from generator.cli import main

    try:
        code = main(list(args))
    except SystemExit as exit_:  # argparse exits on usage errors and --help
        code = exit_.code
    out, err = capsys.readouterr()
    return code, out, err
