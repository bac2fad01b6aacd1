"""Griffe extension: the reStructuredText bits of the exercise docstrings, as Markdown.

The stubs' docstrings are NumPy style with ``.. math::`` blocks, ``:math:`x``` and
``:func:`name``` roles (so that they also read well in an editor and with ``help()``).
mkdocstrings renders docstrings as Markdown, so this turns the maths into ``$$ … $$`` and
``$ … $`` (typeset by pymdownx.arithmatex and MathJax) and a function role into a link to that
function's entry on the same page.
"""

from __future__ import annotations

import re
import textwrap
from typing import Any

from griffe import Extension, Object

_MATH_BLOCK = re.compile(r"^([ \t]*)\.\. math::[ \t]*\n((?:[ \t]*\n|\1[ \t]+\S.*\n?)+)", re.M)
_MATH_ROLE = re.compile(r":math:`([^`]+)`")
_FUNC_ROLE = re.compile(r":(?:func|meth|class|mod|obj|attr):`~?([\w.]+)`")


def _module(obj: Object) -> Object:
    while obj.parent is not None and not obj.is_module:
        obj = obj.parent
    return obj


def convert(text: str, obj: Object) -> str:
    """The docstring ``text`` of ``obj`` with its RST maths and roles turned into Markdown."""

    def block(match: re.Match[str]) -> str:
        indent, body = match.group(1), textwrap.dedent(match.group(2)).strip("\n")
        inner = textwrap.indent(body, indent)
        return f"{indent}$$\n{inner}\n{indent}$$\n\n"

    def role(match: re.Match[str]) -> str:
        name = match.group(1)
        module = _module(obj)
        short = name.rsplit(".", 1)[-1]
        if "." not in name and name in module.members:
            return f"[`{short}`][{module.path}.{name}]"
        return f"`{short}`"

    text = _MATH_BLOCK.sub(block, text)
    text = _MATH_ROLE.sub(lambda m: f"${m.group(1)}$", text)
    return _FUNC_ROLE.sub(role, text)


_PARAMETER_TYPE = re.compile(r"^(\w+) : (.+?)(?:,\s+default(?: |: |=).*)?(?:, optional)?\s*$", re.M)


def _keep_parameter_types(obj: Object) -> None:
    """Show a parameter's type as written (``array_like, shape (n,)``), not as Python code.

    Griffe parses a NumPy-style type as a Python expression when it can, which turns
    ``array_like, shape (n,)`` into ``(array_like, shape(n))``.
    """
    written = dict(_PARAMETER_TYPE.findall(obj.docstring.value))
    if not written or obj.docstring.parser is None:
        return
    for section in obj.docstring.parsed:
        if section.kind.value != "parameters":
            continue
        for parameter in section.value:
            if parameter.name in written and not isinstance(parameter.annotation, str):
                parameter.annotation = written[parameter.name]


class RstMath(Extension):
    """Rewrite every docstring once the object tree is complete."""

    def on_object(self, *, obj: Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = convert(obj.docstring.value, obj)
            _keep_parameter_types(obj)
