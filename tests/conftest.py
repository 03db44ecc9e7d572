"""Shared fixtures: the example draft rendered once, and the phrase rules."""

from __future__ import annotations

from pathlib import Path

import pytest

from generator import drafting
from helpers import EXAMPLE


@pytest.fixture(scope="session")
def example_draft(tmp_path_factory) -> Path:
    """Return the draft of the office's 2023 example, rendered once for the session."""
    out = tmp_path_factory.mktemp("draft") / "区政府办公室.docx"
    result = drafting.draft(EXAMPLE, out)
    assert result.out_path == out and not result.errors
    return out


@pytest.fixture(scope="session")
def book():
    """Return the office's phrase rules."""
    return drafting.phrase_book()
