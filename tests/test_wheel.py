"""The package installs anywhere: a wheel, installed offline into a fresh venv outside the checkout, works from another folder."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from helpers import GOLDEN, ROOT, paragraphs

pytestmark = pytest.mark.skipif(os.environ.get("BUDGET_TOOL_IN_CLONE") == "1", reason="already inside a clean-clone run")


def run(command: list, cwd: Path, timeout: int = 600) -> subprocess.CompletedProcess:
    """Run a command with no trace of the checkout in its environment; it must succeed."""
    env = {k: v for k, v in os.environ.items() if k not in ("VIRTUAL_ENV", "PYTHONPATH")}
    done = subprocess.run([str(c) for c in command], cwd=cwd, env=env, capture_output=True, text=True, timeout=timeout)
    assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return done


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """Return the bin folder of a fresh venv where the wheel was installed from a wheelhouse, with no index."""
    base = tmp_path_factory.mktemp("wheel")
    wheelhouse = base / "wheelhouse"
    # As `make wheelhouse` does on a connected PC: the project's wheel and every dependency's.
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--wheel-dir", wheelhouse, ROOT], base)
    venv = base / "venv"
    run([getattr(sys, "_base_executable", sys.executable), "-m", "venv", venv], base)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    # As on an office PC without internet: nothing but the copied wheelhouse.
    run([bin_dir / "python", "-m", "pip", "install", "--quiet", "--no-index", "--find-links", wheelhouse,
         "budget-explainer"], base)
    return bin_dir


def test_the_wheel_holds_every_subpackage_and_the_data():
    built = [p for p in ROOT.glob("generator/**/*.py")]
    packages = {p.parent.relative_to(ROOT).as_posix() for p in built}
    out = Path(os.environ.get("TMPDIR", "/tmp")) / "wheel-contents"
    shutil.rmtree(out, ignore_errors=True)
    run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", out, ROOT], ROOT)
    names = zipfile.ZipFile(next(out.glob("*.whl"))).namelist()
    assert {p for p in packages if not any(n.startswith(p + "/") for n in names)} == set()
    assert "generator/templates/部门预算情况说明.docx" in names and "generator/phrases/rules.yaml" in names


def test_drafts_checks_diffs_and_batches_from_another_folder(installed, tmp_path):
    work = tmp_path / "elsewhere"
    shutil.copytree(ROOT / "inputs", work / "inputs")  # the user's own inputs; the checkout is not on any path
    yusuan = installed / "yusuan"

    done = run([yusuan, "draft", "inputs/2023/区政府办公室.yaml"], work)
    assert "初稿已生成：drafts/2023/区政府办公室.docx" in done.stdout
    want = (GOLDEN / "expected-2023-区政府办公室.txt").read_text(encoding="utf-8").split()
    assert paragraphs(work / "drafts" / "2023" / "区政府办公室.docx") == want

    done = run([yusuan, "check", "inputs/2023/区政府办公室.yaml"], work)
    assert done.stdout.splitlines()[-1] == "检查结果：错误 0 条，警告 1 条，提示 1 条。"

    done = run([yusuan, "diff", "inputs/2022/区政府办公室.yaml", "inputs/2023/区政府办公室.yaml", "--ignore-year-shift",
                "--html", "比对.html"], work)
    assert "已保存：比对.html" in done.stdout and (work / "比对.html").stat().st_size > 10_000

    done = run([yusuan, "batch", "inputs/2023", "-o", "out", "--jobs", "2"], work)
    assert (work / "out" / "manifest.json").is_file()
    assert len(list((work / "out").rglob("*.docx"))) == 5

    library = run([installed / "python", "-c",
                   "import generator; d = generator.draft('inputs/2023/区政府办公室.yaml'); "
                   "print(generator.__file__); print(d.paragraphs[0])"], work)
    location, title = library.stdout.splitlines()
    assert not Path(location).is_relative_to(ROOT) and title == "区政府办公室2023年部门预算"
