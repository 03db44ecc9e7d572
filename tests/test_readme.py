"""The README's two commands, as a new user runs them on a clean clone."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys

import pytest

from helpers import GOLDEN, ROOT, paragraphs


def readme_commands() -> list[str]:
    """Return the commands of the README's first code block."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```sh\n(.*?)```", text, re.S).group(1)
    return [line.split("#")[0].strip() for line in block.splitlines() if line.strip()]


def test_readme_opens_with_the_draft_and_test_commands():
    assert readme_commands() == ["make draft", "make test"]
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "\nmake test\n" in ci


@pytest.mark.skipif(shutil.which("git") is None or shutil.which("make") is None, reason="needs git and make")
@pytest.mark.skipif(os.environ.get("BUDGET_TOOL_IN_CLONE") == "1", reason="already inside the clean-clone run")
def test_make_draft_on_a_clean_clone(tmp_path):
    """Clone the committed tree, run `make draft` with only Python and make, read the draft."""
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    env = {**os.environ, "BUDGET_TOOL_IN_CLONE": "1", "PYTHON": getattr(sys, "_base_executable", sys.executable)}
    env.pop("VIRTUAL_ENV", None)
    done = subprocess.run(["make", "draft"], cwd=clone, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    assert "初稿已生成：drafts/2023/区政府办公室.docx" in done.stdout
    draft = clone / "drafts" / "2023" / "区政府办公室.docx"
    want = (GOLDEN / "expected-2023-区政府办公室.txt").read_text(encoding="utf-8").split()
    assert paragraphs(draft) == want


def test_the_library_example_in_the_readme_runs_as_written(monkeypatch):
    """The README's Python section is a doctest: every line runs and prints what it shows."""
    import doctest

    monkeypatch.chdir(ROOT)
    failures, tried = doctest.testfile(str(ROOT / "README.md"), module_relative=False, verbose=False, report=True,
                                       optionflags=doctest.ELLIPSIS)
    assert tried >= 10 and failures == 0
