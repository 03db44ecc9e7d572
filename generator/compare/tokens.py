"""Chinese-aware tokens: a number with its unit or sign is one token; Chinese text goes character by character.

So a changed figure shows as 1909.62万元 → 1809.62万元, never digit by digit
("1[-2-]{+3+}34.56"), and changed wording shows by characters, never as a whole sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from difflib import SequenceMatcher

UNITS = "%|万元|亿元|元|年度|年|个|项|辆|台（套）|台|倍|人|段"
TOKEN = re.compile(rf"[-+]?\d+(?:\.\d+)?(?:{UNITS})?|[A-Za-z]+|\s+|.", re.S)
NUMBER = re.compile(r"[-+]?\d+(?:\.\d+)?")
YEAR = re.compile(r"^(\d{4})(年度|年)?$")


@dataclass(frozen=True)
class Token:
    """A piece of text, and the key it is compared by (the same, or the year shifted)."""

    text: str
    key: str

    @property
    def is_number(self) -> bool:
        """Return True when the token is a figure (with or without its unit)."""
        return bool(NUMBER.match(self.text))


def tokenize(text: str, year_shift: int = 0, years: tuple[int, ...] = ()) -> list[Token]:
    """Return the tokens of *text*; years in *years* are compared as if *year_shift* years later.

    >>> [t.text for t in tokenize("收入1909.62万元，增长352.3%")]
    ['收', '入', '1909.62万元', '，', '增', '长', '352.3%']
    >>> [t.key for t in tokenize("2022年", 1, (2021, 2022))]
    ['2023年']
    """
    tokens = []
    for match in TOKEN.finditer(text):
        piece = match.group()
        key = piece
        year = YEAR.match(piece)
        if year_shift and year and int(year.group(1)) in years:
            key = f"{int(year.group(1)) + year_shift}{year.group(2) or ''}"
        tokens.append(Token(piece, key))
    return tokens


@dataclass(frozen=True)
class Segment:
    """A run of the comparison: kept ('equal'), only in OLD ('delete'), only in NEW ('insert')."""

    op: str
    text: str


SENTENCE_END = ("。", "；", "\n")
SHORT_EQUAL = 2  # an equal run this short between two changes reads better folded into them


def sentences(tokens: list[Token]) -> list[list[Token]]:
    """Return the tokens cut after each 。 ； or line break."""
    out: list[list[Token]] = [[]]
    for token in tokens:
        out[-1].append(token)
        if token.text in SENTENCE_END:
            out.append([])
    return [s for s in out if s]


def sentence_key(tokens: list[Token]) -> str:
    """Return a sentence's alignment key: figures masked, so edited figures keep it the same sentence."""
    return "".join("#" if t.is_number else t.key for t in tokens)


def compare_tokens(old: list[Token], new: list[Token]) -> list[Segment]:
    """Return the segments that turn OLD's tokens into NEW's: sentences aligned first, then tokens."""
    old_s, new_s = sentences(old), sentences(new)
    matcher = SequenceMatcher(None, [sentence_key(s) for s in old_s], [sentence_key(s) for s in new_s], autojunk=False)
    segments: list[Segment] = []
    for op, o1, o2, n1, n2 in matcher.get_opcodes():
        if op == "equal":
            for o, n in zip(old_s[o1:o2], new_s[n1:n2]):
                segments += token_segments(o, n)
        else:
            segments += token_segments([t for s in old_s[o1:o2] for t in s], [t for s in new_s[n1:n2] for t in s])
    return fold_short_equals(merge(segments))


def token_segments(old: list[Token], new: list[Token]) -> list[Segment]:
    """Return the token-level segments between two token lists."""
    matcher = SequenceMatcher(None, [t.key for t in old], [t.key for t in new], autojunk=False)
    segments: list[Segment] = []
    for op, o1, o2, n1, n2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(Segment("equal", "".join(t.text for t in new[n1:n2])))
            continue
        if o2 > o1:
            segments.append(Segment("delete", "".join(t.text for t in old[o1:o2])))
        if n2 > n1:
            segments.append(Segment("insert", "".join(t.text for t in new[n1:n2])))
    return segments


def merge(segments: list[Segment]) -> list[Segment]:
    """Return the segments with neighbours of the same kind joined; deletions before insertions."""
    out: list[Segment] = []
    for segment in segments:
        if not segment.text:
            continue
        if out and out[-1].op == segment.op:
            out[-1] = Segment(segment.op, out[-1].text + segment.text)
        elif out and segment.op == "delete" and out[-1].op == "insert":
            # keep the order 'delete, insert' inside one changed stretch
            before = out.pop()
            out = merge(out + [segment, before])
        else:
            out.append(segment)
    return out


def fold_short_equals(segments: list[Segment]) -> list[Segment]:
    """Return the segments with tiny equal runs between two changes folded into both sides.

    >>> [(s.op, s.text) for s in fold_short_equals([Segment("delete", "按调资"), Segment("equal", "政"),
    ...                                              Segment("insert", "土地款"), Segment("equal", "。")])]
    [('delete', '按调资政'), ('insert', '政土地款'), ('equal', '。')]
    """
    out = list(segments)
    index = 1
    while index < len(out) - 1:
        here = out[index]
        if here.op == "equal" and len(here.text) <= SHORT_EQUAL and out[index - 1].op != "equal" and out[index + 1].op != "equal":
            out[index:index + 1] = [Segment("delete", here.text), Segment("insert", here.text)]
            out = merge(out)
            index = 1
            continue
        index += 1
    return out


def similarity(old: list[Token], new: list[Token]) -> float:
    """Return how alike two token lists are, 0 to 1."""
    return SequenceMatcher(None, [t.key for t in old], [t.key for t in new], autojunk=False).ratio()
