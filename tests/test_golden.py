"""The office's 2023 draft equals the reviewed reference text, paragraph for paragraph."""

from __future__ import annotations

from helpers import GOLDEN, paragraphs

EXPECTED = GOLDEN / "expected-2023-区政府办公室.txt"


def expected_paragraphs() -> list[str]:
    """Return the reference paragraphs, one per line, ignoring only surrounding white space."""
    return [line.strip() for line in EXPECTED.read_text(encoding="utf-8").splitlines()]


def test_draft_equals_reference_paragraph_for_paragraph(example_draft):
    got = paragraphs(example_draft, keep_empty=True)
    want = expected_paragraphs()
    # Compare one by one first so a failure names the paragraph, then the whole list.
    for number, (g, w) in enumerate(zip(got, want), start=1):
        assert g == w, f"paragraph {number} differs"
    assert len(got) == len(want)


def test_reference_has_no_published_defects():
    """Guard the golden copy itself against the defects the reference README lists."""
    text = EXPECTED.read_text(encoding="utf-8")
    for defect in ("增加0万元", "增长0%", "省级", "预算算", "取 得", "收 支", "与 2022", "比 2022", "主要是无", "0项目0万元", "; "):
        assert defect not in text, defect
    assert text.splitlines()[0] == "区政府办公室2023年部门预算"
