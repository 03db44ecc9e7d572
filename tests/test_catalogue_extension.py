"""The catalogue is the spine: a new compared figure needs its entry and a template placement, nothing else.

A copy of the package gets one more figure (培训费, compared with last year) by appending a Spec with
a Figure to schema.BUDGET and a phrase of it to the template builder's paragraph list; the draft
made by the copy (in a subprocess, PYTHONPATH at the copy) then prints it with its change and reason.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

from helpers import ROOT

ENTRY = ('    optional("培训费", "training", "培训费（万元）", required=False, default=None,\n'
         '             figure=Figure("training", "expenditure", "培训费", subject="培训费")),\n')
PLACEMENT = '    (BODY, "{% if training_change %}{{ training_change }}。{% endif %}"),\n'


def digests(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def test_a_figure_added_through_the_catalogue_alone_reaches_the_draft(tmp_path):
    shutil.copytree(ROOT / "generator", tmp_path / "generator", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(ROOT / "tools", tmp_path / "tools", ignore=shutil.ignore_patterns("__pycache__"))
    before = digests(tmp_path)

    schema = tmp_path / "generator" / "schema.py"
    text = schema.read_text(encoding="utf-8")
    anchor = '         "有才写：国有资本经营预算支出按用途，名称: 金额", required=False, default=()),\n)\n'
    assert anchor in text
    schema.write_text(text.replace(anchor, anchor[:-2] + ENTRY + ")\n"), encoding="utf-8")
    builder = tmp_path / "tools" / "build_template.py"
    text = builder.read_text(encoding="utf-8")
    anchor = '    (H2, "（二）政府采购支出情况"),\n'
    assert text.count(anchor) == 1
    builder.write_text(text.replace(anchor, PLACEMENT + anchor), encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(tmp_path)}
    subprocess.run([sys.executable, str(builder)], cwd=tmp_path, env=env, check=True, capture_output=True)

    source = tmp_path / "inputs" / "2023" / "区政府办公室.yaml"
    source.parent.mkdir(parents=True)
    example = (ROOT / "inputs" / "2023" / "区政府办公室.yaml").read_text(encoding="utf-8")
    source.write_text(example + "培训费:\n  本年: 12\n  上年: 10\n  主要原因: 新增干部轮训\n", encoding="utf-8")
    out = tmp_path / "初稿.docx"
    run = subprocess.run([sys.executable, "-m", "generator", "draft", str(source), "-o", str(out)],
                         cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    read = subprocess.run([sys.executable, "-c", "import sys, docx; print('\\n'.join(p.text for p in docx.Document(sys.argv[1]).paragraphs))",
                           str(out)], env=env, capture_output=True, text=True, check=True)
    assert "培训费比2022年增加2万元，增长20%，主要原因：新增干部轮训。" in read.stdout.splitlines()

    after = digests(tmp_path)
    changed = {path for path in after if before.get(path) != after[path] and path.startswith(("generator", "tools"))}
    # The catalogue entry, the template placement and the templates the builder regenerates (both are
    # rebuilt, the short one unchanged in text): no model class, context, check or variable list to edit.
    assert changed == {"generator/schema.py", "tools/build_template.py", "generator/templates/部门预算情况说明.docx",
                       "generator/templates/简式说明模板.docx"}
