"""The FastAPI stack: SQLAlchemy 2 models, Pydantic 2 schemas, pytest suites (see README.md)."""

from __future__ import annotations

import jinja2
import jinja2.runtime

from backendbot.core.scaffold.stacks import Stack
from backendbot.core.scaffold.stacks.fastapi.files import jobs
from backendbot.core.scaffold.stacks.fastapi.template_names import template_names


@jinja2.pass_context
def _sort_imports(context: jinja2.runtime.Context, value: str) -> str:
    """The ``sort_imports`` filter, answered by the helpers of the view being rendered."""
    result: str = context["sort_imports"](value)
    return result


STACK = Stack(
    name="fastapi",
    package=__name__,
    jobs=jobs,
    template_globals=template_names,
    filters={"sort_imports": _sort_imports},
)
