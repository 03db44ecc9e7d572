"""Reading YAML files into node trees (line marks kept); syntax errors become InputErrors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from generator.errors import InputError, Problem, TemplateError
from generator.files import read_bytes
from generator.sources.guards import refuse_references, strip_invisible
from generator.sources.syntax import input_problem, syntax_problem

# libyaml's parser when PyYAML was built with it (it keeps line marks too), else pure Python.
SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class InputLoader(SAFE_LOADER):  # type: ignore[misc,valid-type]
    """SAFE_LOADER whose node tags only tell null from the rest: the validator reads every value's text itself.

    The full resolver tries a dozen patterns (bool, int, float, timestamp …) on each of the ~200
    scalars of an input; only a plain scalar starting with "~", "n", "N" or empty can be null,
    so only those go through it, and null is decided exactly as before.
    """

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        """Return the node's tag: the full resolver's for a possible null, else the default of its kind."""
        if kind is ScalarNode:
            if implicit[0] and (not value or value[0] in "~nN"):
                return super().resolve(kind, value, implicit)
            return self.DEFAULT_SCALAR_TAG
        return self.DEFAULT_MAPPING_TAG if kind is MappingNode else self.DEFAULT_SEQUENCE_TAG

    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        """Do nothing: no path resolvers are registered, so there is no path to follow (called per node)."""

    def ascend_resolver(self) -> None:
        """Do nothing (see descend_resolver)."""


# An input file is a few KB (a unit with a hundred duties is ~50 KB); 5 MB is far beyond any real one.
MAX_INPUT_BYTES = 5 * 1024 * 1024


def read_rules(path: Path) -> dict[str, Any]:
    """Return the phrase rules file as plain data."""
    with open(path, encoding="utf-8") as handle:
        return yaml.load(handle, Loader=SAFE_LOADER)


def read_rules_override(path: Path) -> Any:
    """Return a region's rules file (X.rules.yaml beside a template) as plain data; raise TemplateError when unreadable.

    A key written twice is refused: YAML would keep the later one and silently drop the other edit.
    """
    try:
        text = read_bytes(path, " .rules.yaml 文件", MAX_INPUT_BYTES).decode("utf-8-sig")
        loader = SAFE_LOADER(text)
        try:
            node = loader.get_single_node()
            twice = written_twice(node)
            if twice:
                key, first, again = twice
                raise TemplateError(f"{path}：第{again}行的“{key}”在第{first}行已经写过，后写的会盖住先写的；"
                                    "请删去其中一处。")
            return None if node is None else loader.construct_document(node)
        finally:
            loader.dispose()
    except InputError as exc:
        raise TemplateError("；".join(p.message for p in exc.problems)) from None
    except UnicodeDecodeError:
        raise TemplateError(f"{path}：文件不是 UTF-8 编码，请另存为 UTF-8。") from None
    except yaml.MarkedYAMLError as exc:
        line, problem = syntax_problem(exc, text)
        where = f"第{line}行" if line else ""
        raise TemplateError(f"{path}：{where}格式有误（{problem}），请参照示例改正。") from None
    except yaml.YAMLError as exc:
        raise TemplateError(f"{path}：格式有误（{exc}），请参照示例改正。") from None


def written_twice(root: Node | None) -> tuple[str, int, int] | None:
    """Return the first key written twice in one mapping of the tree, with both lines (1-based), or None."""
    pending = [root] if root is not None else []
    while pending:  # a list, not recursion: the file is a template editor's and may nest deeply
        node = pending.pop()
        if isinstance(node, MappingNode):
            seen: dict[str, int] = {}
            for key, value in node.value:
                if isinstance(key, ScalarNode):
                    if key.value in seen:
                        return key.value, seen[key.value], key.start_mark.line + 1
                    seen[key.value] = key.start_mark.line + 1
                pending.append(value)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)
    return None


def read_text(path: Path) -> str:
    """Return the text of an input file; raise InputError when it cannot be read."""
    raw = read_bytes(path, " .yaml 文件", MAX_INPUT_BYTES)
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise InputError([Problem(
            str(path), None, "",
            "文件不是 UTF-8 编码。请用记事本或 WPS 打开后“另存为”，编码选 UTF-8。",
        )]) from None


def compose(path: Path, text: str) -> Node | None:
    """Return the YAML node tree of *text* (a null tagged so, other values untyped); raise InputError with the line on a syntax error."""
    try:
        refuse_references(path, text, SAFE_LOADER)  # from the tokens, before any node exists
        return yaml.compose(text, Loader=InputLoader)
    except yaml.MarkedYAMLError as exc:
        line, problem = input_problem(exc, text)
        raise InputError([Problem(str(path), line, "", f"YAML 格式错误：{problem}。")]) from None
    except yaml.YAMLError as exc:
        raise InputError([Problem(str(path), None, "", f"YAML 格式错误：{exc}。")]) from None


def strip_control_characters(path: Path, text: str) -> tuple[str, list[Problem]]:
    """Return *text* without control and invisible formatting characters pasted into the file, and a note per line.

    YAML itself refuses control characters; staff paste them from Excel (\\v) without seeing them.
    """
    return strip_invisible(path, text)


def child(node: Node | None, key: str) -> Node | None:
    """Return the value under *key* in a mapping node, or None."""
    if not isinstance(node, MappingNode):
        return None
    return next((v for k, v in node.value if str(k.value).strip() == key), None)
