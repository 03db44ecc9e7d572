"""Sentence patterns as data (rules.yaml) and the engine that applies them."""

from pathlib import Path

from generator.phrases.engine import CHANGE_VARIANTS, PhraseBook

RULES_PATH = Path(__file__).with_name("rules.yaml")
"""The office's reviewed wording."""

__all__ = ["CHANGE_VARIANTS", "PhraseBook", "RULES_PATH"]
