"""The Jinja environment every template runs in: a sandbox that allows only what a template needs.

A template is untrusted input (an office's own, sent by e-mail). Allowed: variables and
their fields (attribute or item access on the context we pass), `for` / `if`, comparisons,
`and` / `or` / `not`, and the filters and tests in FILTERS and TESTS. Everything else —
calling anything, names starting with `_`, Jinja's built-in objects (range, cycler, lipsum…),
arithmetic, `~`, `set`, macros, includes — is refused before anything is rendered
(`refusals`, also used by template-check) and again by the sandbox's hooks while rendering.
Each render is bounded in loop iterations, output size and time. The bounds are checked
inside the hooks the template cannot avoid (every loop step, every printed value, every
field lookup, every piece of output — the clock at every 64th piece), so no signal or thread
is needed: this works the same in batch worker processes and on Windows.
"""

from __future__ import annotations

import contextvars
import re
import time

import hashlib
from functools import lru_cache
from pathlib import Path

import jinja2
from jinja2 import StrictUndefined, Template, nodes
from jinja2.bccache import FileSystemBytecodeCache
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError, TemplateSyntaxError, UndefinedError
from jinja2.filters import FILTERS as JINJA_FILTERS
from jinja2.runtime import LoopContext
from jinja2.sandbox import ImmutableSandboxedEnvironment
from jinja2.tests import TESTS as JINJA_TESTS
from markupsafe import escape

from generator.records import Fields

__all__ = ["Refused", "SafeEnvironment", "TemplateSyntaxError", "UndefinedError", "refusals", "template_line"]

# The documented filters and tests (README, 模板里能用的写法); each is cheap and cannot grow text.
FILTERS = {"length": "项数", "first": "第一项", "last": "最后一项", "trim": "去掉首尾空白"}
TESTS = {"defined": "有这个值", "none": "值为空", "odd": "奇数", "even": "偶数"}
LOOP_FIELDS = {"index", "index0", "revindex", "revindex0", "first", "last", "length", "previtem", "nextitem",
               "depth", "depth0"}
JINJA_GLOBALS = {"range", "cycler", "lipsum", "joiner", "namespace", "dict", "self"}

MAX_ITERATIONS = 100_000       # loop steps per render; our longest list has a few dozen items
MAX_OUTPUT_CHARS = 20_000_000  # characters of XML per render; a ten-page draft is ~300,000
MAX_SECONDS = 10.0             # a draft renders in ~20 ms

ARITHMETIC = (nodes.BinExpr, nodes.UnaryExpr)
ALLOWED_NODES = (nodes.Template, nodes.Output, nodes.TemplateData, nodes.For, nodes.If, nodes.Name, nodes.Getattr,
                 nodes.Getitem, nodes.Const, nodes.List, nodes.Tuple, nodes.Slice, nodes.CondExpr, nodes.And,
                 nodes.Or, nodes.Not, nodes.Compare, nodes.Operand, nodes.Filter, nodes.Test)
ITERATE = "按上限逐项"  # the filter put around every loop's list (not in FILTERS: a template cannot name it)
MEANING = {nodes.Call: "调用了函数或方法", nodes.Concat: "用 ~ 拼接文字", nodes.Assign: "用了 {% set %}",
           nodes.AssignBlock: "用了 {% set %}", nodes.Macro: "定义了宏 {% macro %}", nodes.CallBlock: "用了 {% call %}",
           nodes.FilterBlock: "用了 {% filter %}", nodes.Include: "用了 {% include %}", nodes.Import: "用了 {% import %}",
           nodes.FromImport: "用了 {% from … import %}", nodes.Extends: "用了 {% extends %}",
           nodes.Block: "用了 {% block %}", nodes.With: "用了 {% with %}", nodes.ExprStmt: "用了 {% do %}",
           nodes.Dict: "写了字典 {…}"}
ARITHMETIC_ADVICE = ("金额传给模板时已是排好版的文字（如“1909.62万元”），不能再加减乘除；"
                     "请改用程序提供的差额、增减幅度等变量（见 templates/变量一览.md）")


class Refused(SecurityError):
    """A construct the sandbox does not run; *lineno* is its line in the template source when known."""

    def __init__(self, construct: str, lineno: int | None = None) -> None:
        super().__init__(construct)
        self.construct = construct
        self.lineno = lineno


def describe(node: nodes.Node) -> str | None:
    """Return, in a few Chinese words, why *node* is refused; None when it is allowed."""
    if isinstance(node, ARITHMETIC) and not isinstance(node, (nodes.And, nodes.Or, nodes.Not)):
        return f"做了算术运算（{node.operator}）"
    if isinstance(node, nodes.Name) and node.ctx == "load" and node.name in JINJA_GLOBALS:
        return f"用了 Jinja 的内置对象“{node.name}”"
    if isinstance(node, (nodes.Name, nodes.Getattr)) and getattr(node, "name", getattr(node, "attr", "")).startswith("_"):
        return f"访问了内部属性“{getattr(node, 'attr', None) or node.name}”"
    if isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const) and str(node.arg.value).startswith("_"):
        return f"访问了内部属性“{node.arg.value}”"
    if isinstance(node, nodes.Filter) and node.name not in FILTERS:
        return f"用了过滤器“{node.name}”（只能用 {'、'.join(FILTERS)}）"
    if isinstance(node, nodes.Test) and node.name not in TESTS:
        return f"用了判断“is {node.name}”（只能用 {'、'.join(TESTS)}）"
    if isinstance(node, nodes.For) and node.recursive:
        return "用了递归循环（recursive）"
    if isinstance(node, ALLOWED_NODES):
        return None
    return MEANING.get(type(node), f"用了不允许的写法（{type(node).__name__}）")


def advice(reasons: list[str]) -> str:
    """Return what to do about refused constructs (one sentence)."""
    if any(r.startswith("做了算术运算") for r in reasons):
        return ARITHMETIC_ADVICE + "。"
    return "模板里只能用程序提供的变量及其字段、{% for %} 和 {% if %}（见 README“模板里能用的写法”）。"


def refusals(tree: nodes.Node) -> list[tuple[int, str]]:
    """Return (line, reason) for every construct in a parsed template that the sandbox refuses.

    Ordered by line, then from the outermost name inwards (cycler before its attributes and the call).
    """
    found: list[tuple[int, str]] = []
    for node in [tree, *tree.find_all(nodes.Node)]:
        reason = describe(node)
        if reason and (node.lineno, reason) not in found:
            found.append((node.lineno, reason))
    order = {reason: -i for i, (_, reason) in enumerate(found)}  # find_all visits outer nodes first
    return sorted(found, key=lambda item: (item[0], order[item[1]]))


class Budget(Fields):
    """What one render may still spend: loop steps, output characters, time."""

    __slots__ = ("deadline", "iterations", "chars")
    deadline: float
    iterations: int
    chars: int

    def __init__(self, deadline: float | None = None, iterations: int = 0, chars: int = 0) -> None:
        self.deadline = time.monotonic() + MAX_SECONDS if deadline is None else deadline
        self.iterations = iterations
        self.chars = chars

    def check_time(self) -> None:
        """Raise Refused when the render has run past its time."""
        if time.monotonic() > self.deadline:
            raise Refused(f"渲染超过 {MAX_SECONDS:g} 秒仍未完成（循环太多或太深），已中止。请检查模板里的 {{% for %}}。")


CURRENT: contextvars.ContextVar[Budget] = contextvars.ContextVar("render_budget")


def budget() -> Budget:
    """Return the running render's budget (a fresh one, not kept, outside a render)."""
    try:
        return CURRENT.get()
    except LookupError:
        return Budget()


def bounded(items: object):
    """Yield the items of a loop's list, counting each step against the render's budget."""
    spend = budget()
    try:
        iterator = iter(items)
    except TypeError:
        raise Refused(f"对不能逐项取的值（{type(items).__name__}）写了 {{% for %}}，程序不执行。请只对程序提供的列表写循环。") from None
    for item in iterator:
        spend.iterations += 1
        if spend.iterations > MAX_ITERATIONS:
            raise Refused(f"循环总共超过 {MAX_ITERATIONS} 次（循环太多或太深），已中止。请检查模板里的 {{% for %}}。")
        spend.check_time()
        yield item


# docxtpl turns "{_{", "}_}", "{_%", "%_}" in the rendered XML into tags' braces (its escape
# syntax for template authors). A value's own braces, percent signs and underscores are written
# as character references, so staff text can never form one of these and is printed as written.
REFERENCES = {ord(c): f"&#{ord(c)};" for c in "{}%_"}
CHANGED = re.compile(r"[&<>'\"{}%_]")  # what escape() or REFERENCES change: a text without them is printed as it is
TIME_CHECK_PIECES = 64  # bounded_concat looks at the clock once in this many pieces (each piece is counted)


def printed(value: object) -> str:
    """Return a value as escaped XML text whose {, }, % and _ are character references.

    The code compiled by BoundedLoops prints this as it is (not escaped again): it is the escaping.

    >>> printed("{_{ x }_} & 18.5%")
    '&#123;&#95;&#123; x &#125;&#95;&#125; &amp; 18.5&#37;'
    """
    budget().check_time()
    if type(value) is str and CHANGED.search(value) is None:  # most values: figures and plain wording
        return value
    return str(escape(value)).translate(REFERENCES)


def bounded_concat(pieces) -> str:
    """Return the pieces of output joined, refusing output beyond MAX_OUTPUT_CHARS or MAX_SECONDS."""
    spend, out = budget(), []
    for count, piece in enumerate(pieces):
        spend.chars += len(piece)
        if spend.chars > MAX_OUTPUT_CHARS:
            raise Refused(f"生成的内容超过 {MAX_OUTPUT_CHARS} 个字符（疑为恶意模板），已中止。")
        if not count % TIME_CHECK_PIECES:  # the clock costs more than the rest of the loop
            spend.check_time()
        out.append(piece)
    return "".join(out)


class BoundedLoops(CodeGenerator):
    """Compiles templates after refusing what `refusals` finds, with every loop's list counted."""

    def visit_Template(self, node: nodes.Template, frame=None) -> None:
        found = refusals(node)
        if found:
            line = found[0][0]
            reasons = [reason for at, reason in found if at == line]
            raise Refused("，".join(reasons) + "，程序不执行。" + advice(reasons), line)
        for loop in node.find_all(nodes.For):  # before compiling: Jinja collects the filters it needs first
            loop.iter = nodes.Filter(loop.iter, ITERATE, [], [], None, None, lineno=loop.lineno)
        super().visit_Template(node, frame)

    def _output_child_pre(self, node: nodes.Expr, frame, finalize) -> None:
        """Print `{{ … }}` as `printed` returns it: it has escaped the value already (Jinja would escape it again)."""
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape or finalize.src is None:
            super()._output_child_pre(node, frame, finalize)
        else:
            self.write(finalize.src)

    def _output_child_post(self, node: nodes.Expr, frame, finalize) -> None:
        """Close what _output_child_pre opened."""
        if frame.eval_ctx.volatile or not frame.eval_ctx.autoescape or finalize.src is None:
            super()._output_child_post(node, frame, finalize)
        else:
            self.write(")")


class BoundedTemplate(Template):
    """A compiled template whose every render has its own budget (docxtpl calls render itself)."""

    def render(self, *args, **kwargs) -> str:
        """Return the template rendered, within MAX_ITERATIONS, MAX_OUTPUT_CHARS and MAX_SECONDS."""
        token = CURRENT.set(Budget())
        try:
            return super().render(*args, **kwargs)
        finally:
            CURRENT.reset(token)


RAW_BLOCK = re.compile(r"\{%-?\s*raw\s*-?%\}")  # {% raw %} hides tags from every check: the draft would print them


class SafeEnvironment(ImmutableSandboxedEnvironment):
    """StrictUndefined, autoescaping, and nothing a template does not need (see the module docstring)."""

    def preprocess(self, source: str, name: str | None = None, filename: str | None = None) -> str:
        """Return the source for the lexer; refuse {% raw %}, which the parsed tree no longer shows."""
        found = RAW_BLOCK.search(source)
        if found:
            raise TemplateSyntaxError("用了 {% raw %}（把标签原样印进初稿），程序不执行；请删去 {% raw %} 和 {% endraw %}",
                                      source.count("\n", 0, found.start()) + 1, name, filename)
        return super().preprocess(source, name, filename)

    code_generator_class = BoundedLoops
    template_class = BoundedTemplate
    intercepted_binops = frozenset({"+", "-", "*", "/", "//", "%", "**"})
    intercepted_unops = frozenset({"+", "-"})

    def __init__(self) -> None:
        super().__init__(undefined=StrictUndefined, autoescape=True, finalize=printed)
        self.globals.clear()
        self.filters = {name: JINJA_FILTERS[name] for name in FILTERS} | {ITERATE: bounded}
        self.tests = {name: JINJA_TESTS[name] for name in TESTS}
        self.concat = bounded_concat  # type: ignore[assignment]

    def getattr(self, obj, attribute):
        """Return a field of our context (a dict's item, a loop's counters); nothing else of any object."""
        budget().check_time()
        if attribute.startswith("_"):
            raise Refused(f"访问了内部属性“{attribute}”，程序不执行。" + advice([]))
        if isinstance(obj, dict) and attribute in obj:
            return obj[attribute]
        if isinstance(obj, LoopContext) and attribute in LOOP_FIELDS:
            return getattr(obj, attribute)
        return self.undefined(obj=obj, name=attribute)

    def getitem(self, obj, argument):
        """Return an item of a dict, list or text of our context; nothing else of any object."""
        if isinstance(argument, str) and argument.startswith("_"):
            raise Refused(f"访问了内部属性“{argument}”，程序不执行。" + advice([]))
        if isinstance(obj, (dict, list, tuple, str)):
            try:
                return obj[argument]
            except (LookupError, TypeError):
                pass
        return self.getattr(obj, argument) if isinstance(argument, str) else self.undefined(obj=obj, name=argument)

    def call(__self, __context, __obj, *args, **kwargs):  # noqa: N805 (Jinja's own signature)
        """Refuse every call: a template calls nothing."""
        raise Refused("调用了函数或方法，程序不执行。" + advice([]))

    def call_binop(self, context, operator, left, right):
        """Refuse arithmetic: amounts reach the template as formatted text."""
        raise Refused(f"做了算术运算（{operator}），程序不执行。{ARITHMETIC_ADVICE}。")

    def call_unop(self, context, operator, arg):
        """Refuse signs: amounts reach the template as formatted text."""
        raise Refused(f"做了算术运算（{operator}），程序不执行。{ARITHMETIC_ADVICE}。")


def compiled(environment: SafeEnvironment, source: str, cache_folder: str | None = None) -> Template:
    """Return *source* compiled, through Jinja's bytecode cache when it can be used (as from_string would).

    Compiling our template is a tenth of a cold draft's CPU. Jinja's FileSystemBytecodeCache
    keeps the code in a folder of the user's own (mode 0700, checked by Jinja; *cache_folder*
    for tests) under a name that changes with the source, Jinja's version and this module (which
    decides the code generated and what is refused), and checks the source again on reading:
    a cached template is the very code compiling would give. Trouble with the cache only means
    compiling; a template that does not compile is never stored and fails as before.
    """
    try:
        cache = FileSystemBytecodeCache(cache_folder)
        bucket = cache.get_bucket(environment, f"budget-explainer-{_generator_fingerprint()}-"
                                  + hashlib.sha256(source.encode("utf-8")).hexdigest(), None, source)
    except Exception:  # no safe folder, or a cache file that cannot be read: compile
        return environment.from_string(source)
    if bucket.code is None:
        bucket.code = environment.compile(source)
        try:
            cache.set_bucket(bucket)
        except OSError:
            pass
    return environment.template_class.from_code(environment, bucket.code, environment.make_globals(None), None)


@lru_cache(maxsize=None)
def _generator_fingerprint() -> str:
    """Return what the code compiled depends on besides the source: Jinja's version and this module."""
    return hashlib.sha256(jinja2.__version__.encode() + Path(__file__).read_bytes()).hexdigest()[:16]


def template_line(exc: BaseException) -> int | None:
    """Return the template source line where *exc* was raised while rendering, if Jinja recorded it."""
    if isinstance(exc, Refused) and exc.lineno:
        return exc.lineno
    line, tb = None, exc.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == "<template>":
            line = tb.tb_lineno
        tb = tb.tb_next
    return line
