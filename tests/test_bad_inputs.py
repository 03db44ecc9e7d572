"""The corpus of bad inputs: one defect each (tests/bad/bad.<defect>.yaml), every message asserted.

Each case edits the office's example input, runs the same checks as `check`, and
compares what the defect adds to the example's own findings with the expected list.
"""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from generator.drafting import check_file
from helpers import EXAMPLE, edited_example

CASES = sorted((Path(__file__).parent / "bad").glob("bad.*.yaml"))


def key(finding) -> tuple:
    return finding.rule, finding.field, finding.message


def test_the_corpus_has_at_least_30_defects():
    assert len(CASES) >= 30


@pytest.mark.parametrize("case_file", CASES, ids=lambda p: p.stem.removeprefix("bad."))
def test_bad_input(tmp_path, case_file):
    case = yaml.safe_load(case_file.read_text(encoding="utf-8"))
    source = edited_example(tmp_path, *[(edit["find"], edit["replace"]) for edit in case["edits"]])
    last_file = tmp_path / "inputs" / "2022" / "区政府办公室.yaml"
    if "last_year" in case:
        last_file.parent.mkdir(parents=True)
        last_file.write_text(case["last_year"], encoding="utf-8")
    baseline = {key(f) for f in check_file(EXAMPLE)}
    added = [f for f in check_file(source) if key(f) not in baseline]
    got = [(f.rule, f.severity, f.file, f.line, f.field, f.message) for f in added]
    want = [(e["rule"], e["severity"], str(source), e["line"], e["field"], e["message"].format(last=last_file))
            for e in case["expect"]]
    assert got == want
