"""Chinese-aware tokens: a number with its unit or sign is one token; Chinese text goes character by character.

So a changed figure shows as 1909.62万元 → 1809.62万元, never digit by digit
("1[-2-]{+3+}34.56"), and changed wording shows by characters, never as a whole sentence.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from generator.compare.sequences import opcodes

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
    if not year_shift:
        return [Token(piece, piece) for piece in TOKEN.findall(text)]
    tokens = []
    for piece in TOKEN.findall(text):
        key = piece
        year = YEAR.match(piece) if piece[0].isdigit() else None
        if year and int(year.group(1)) in years:
            key = f"{int(year.group(1)) + year_shift}{year.group(2) or ''}"
        tokens.append(Token(piece, key))
    return tokens


@dataclass(frozen=True)
class Segment:
    """A run of the comparison: kept ('equal'), only in OLD ('delete'), only in NEW ('insert').

    An equal run shows NEW's text; *old_text* is OLD's own wording of it when that differs
    (a year compared as shifted: OLD's 2022年 kept equal to NEW's 2023年).
    """

    op: str
    text: str
    old_text: str | None = None

    @property
    def old(self) -> str:
        """Return the run as OLD writes it."""
        return self.text if self.old_text is None else self.old_text


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
    """Return the segments that turn OLD's tokens into NEW's: sentences aligned first, then tokens.

    Sentences equal as written are anchored first, then sentences whose figures alone differ,
    so a changed figure never pulls its neighbours out of line.
    """
    old_s, new_s = sentences(old), sentences(new)
    exact = opcodes(["".join(t.key for t in s) for s in old_s], ["".join(t.key for t in s) for s in new_s])
    segments: list[Segment] = []
    for op, o1, o2, n1, n2 in exact:
        if op == "equal":
            for o, n in zip(old_s[o1:o2], new_s[n1:n2]):
                segments += token_segments(o, n)
            continue
        for op2, p1, p2, q1, q2 in opcodes([sentence_key(s) for s in old_s[o1:o2]], [sentence_key(s) for s in new_s[n1:n2]]):
            olds, news = old_s[o1 + p1:o1 + p2], new_s[n1 + q1:n1 + q2]
            if op2 == "equal":
                for o, n in zip(olds, news):
                    segments += token_segments(o, n)
            else:
                segments += token_segments([t for s in olds for t in s], [t for s in news for t in s])
    return fold_short_equals(merge(segments))


def token_segments(old: list[Token], new: list[Token]) -> list[Segment]:
    """Return the token-level segments between two token lists."""
    segments: list[Segment] = []
    for op, o1, o2, n1, n2 in opcodes([t.key for t in old], [t.key for t in new]):
        if op == "equal":
            old_text, new_text = "".join(t.text for t in old[o1:o2]), "".join(t.text for t in new[n1:n2])
            segments.append(Segment("equal", new_text, None if old_text == new_text else old_text))
            continue
        if o2 > o1:
            segments.append(Segment("delete", "".join(t.text for t in old[o1:o2])))
        if n2 > n1:
            segments.append(Segment("insert", "".join(t.text for t in new[n1:n2])))
    return segments


def join(a: Segment, b: Segment) -> Segment:
    """Return two segments of one kind as one."""
    if a.old_text is None and b.old_text is None:
        return Segment(a.op, a.text + b.text)
    return Segment(a.op, a.text + b.text, a.old + b.old)


def merge(segments: list[Segment]) -> list[Segment]:
    """Return the segments with neighbours of the same kind joined; in each changed stretch, deletions first.

    >>> [(s.op, s.text) for s in merge([Segment("insert", "甲"), Segment("delete", "乙"), Segment("insert", "丙")])]
    [('delete', '乙'), ('insert', '甲丙')]
    """
    out: list[Segment] = []
    stretch: dict[str, Segment | None] = {"delete": None, "insert": None}

    def close() -> None:
        for op in ("delete", "insert"):
            if stretch[op] is not None:
                out.append(stretch[op])
                stretch[op] = None

    for segment in segments:
        if not segment.text and not segment.old:
            continue
        if segment.op == "equal":
            close()
            if out and out[-1].op == "equal":
                out[-1] = join(out[-1], segment)
            else:
                out.append(segment)
        else:
            held = stretch[segment.op]
            stretch[segment.op] = segment if held is None else join(held, segment)
    close()
    return out


def fold_short_equals(segments: list[Segment]) -> list[Segment]:
    """Return the segments with tiny equal runs between two changes folded into both sides.

    A run holding a sentence end is never folded: a change stays inside its sentence.

    >>> [(s.op, s.text) for s in fold_short_equals([Segment("delete", "按调资"), Segment("equal", "政"),
    ...                                              Segment("insert", "土地款"), Segment("equal", "。")])]
    [('delete', '按调资政'), ('insert', '政土地款'), ('equal', '。')]
    >>> [(s.op, s.text) for s in fold_short_equals([Segment("delete", "150.2万元"), Segment("insert", "174.34万元"),
    ...     Segment("equal", "。"), Segment("delete", "2022年"), Segment("insert", "2023年")])]
    [('delete', '150.2万元'), ('insert', '174.34万元'), ('equal', '。'), ('delete', '2022年'), ('insert', '2023年')]
    """
    out: list[Segment] = []
    for index, here in enumerate(segments):
        foldable = (here.op == "equal" and len(here.text) <= SHORT_EQUAL and 0 < index < len(segments) - 1
                    and out and out[-1].op != "equal" and segments[index + 1].op != "equal"
                    and not any(end in here.text or end in here.old for end in SENTENCE_END))
        if foldable:
            out += [Segment("delete", here.old), Segment("insert", here.text)]
        else:
            out.append(here)
    return merge(out)


def similarity(old: list[Token], new: list[Token]) -> float:
    """Return how alike two token lists are, 0 to 1: the share of token pairs (bigrams) they have in common.

    Linear in the lengths, unlike SequenceMatcher's ratio, which is quadratic on long paragraphs.

    >>> similarity(tokenize("收入增加"), tokenize("收入增加")), similarity(tokenize("甲乙"), tokenize("丙丁"))
    (1.0, 0.0)
    """
    def pairs(tokens: list[Token]) -> Counter:
        keys = [t.key for t in tokens]
        return Counter(zip(keys, keys[1:])) if len(keys) > 1 else Counter(keys)

    a, b = pairs(old), pairs(new)
    total = sum(a.values()) + sum(b.values())
    return 2 * sum((a & b).values()) / total if total else 1.0
