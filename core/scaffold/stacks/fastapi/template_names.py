"""The names the FastAPI templates use: the view, values derived from it, and the helper
modules' functions (those that read the whole project get it bound in)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from backendbot.core.scaffold.context import MAX_PAGE_SIZE, ProjectView
from backendbot.core.scaffold.fields import (
    DEFAULT_STRING_LENGTH,
    INT64_MAX,
    URL_PATTERN,
    py_literal,
)
from backendbot.core.scaffold.stacks.fastapi import (
    endpoint_imports,
    list_query,
    model_imports,
    packages,
    permissions,
    samples,
    schema_types,
    suite_choices,
    suite_imports,
    uploads,
    validators,
)
from backendbot.core.scaffold.stacks.fastapi.code_layout import fit, text_argument
from backendbot.core.scaffold.stacks.fastapi.imports import sort_imports
from backendbot.core.scaffold.stacks.fastapi.literals import py_tuple

# Functions whose first parameter is the project view.
ON_PROJECT: tuple[Callable[..., Any], ...] = (
    sort_imports,
    model_imports.orm_imports,
    model_imports.schema_imports,
    endpoint_imports.service_imports,
    endpoint_imports.controller_imports,
    endpoint_imports.route_imports,
    suite_imports.conftest_imports,
    suite_imports.test_imports,
    permissions.needs_user,
    permissions.needs_authorize,
    permissions.viewer,
    permissions.user_args,
    permissions.user_params,
    permissions.user_pass,
    permissions.role_guard,
    permissions.statuses,
    permissions.describe,
    samples.sample_constants,
    samples.payload_items,
    suite_choices.actor_role,
    suite_choices.forbids_other,
    suite_choices.admin_reads,
    suite_choices.forbids_default,
    suite_choices.deletes_self,
    suite_choices.token_ops,
    suite_choices.referrer_of,
    suite_choices.deleted_with,
    uploads.upload_signatures,
    uploads.upload_text_types,
)
# Functions of a resource or a field alone.
PLAIN: tuple[Callable[..., Any], ...] = (
    fit,
    text_argument,
    py_tuple,
    schema_types.create_annotation,
    schema_types.update_annotation,
    schema_types.read_annotation,
    validators.number_check,
    validators.list_serializer,
    validators.filter_check,
    list_query.filters,
    list_query.sort_keys,
    samples.oversized,
    suite_choices.text_field,
    suite_choices.update_field,
    suite_choices.plain_refs,
    suite_choices.non_nullable,
    uploads.upload_sample,
    uploads.upload_limit,
)


def template_names(view: ProjectView) -> dict[str, Any]:
    """Every name a template may use, for one render of ``view``."""
    out: dict[str, Any] = {fn.__name__: functools.partial(fn, view) for fn in ON_PROJECT}
    out.update({fn.__name__: fn for fn in PLAIN})
    out.update(
        p=view,
        m=view.modules,
        tests_module=packages.tests_module(view),
        packages=packages.packages(view),
        coverage=packages.packages(view),
        uses_optional_user=permissions.uses_optional_user(view),
        largest_upload=uploads.largest_upload(view),
        max_page=MAX_PAGE_SIZE,
        int64_max=INT64_MAX,
        url_pattern=py_literal(URL_PATTERN),
        default_string_length=DEFAULT_STRING_LENGTH,
    )
    return out
