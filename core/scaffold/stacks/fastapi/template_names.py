"""The names the FastAPI templates use: the plan, values derived from it, and the helper
modules' functions (those that read the whole project get it bound in)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from backendbot.core.scaffold.model import suite
from backendbot.core.scaffold.model.limits import (
    DEFAULT_STRING_LENGTH,
    INT64_MAX,
    MAX_PAGE_SIZE,
    URL_PATTERN,
)
from backendbot.core.scaffold.model.project import ProjectPlan
from backendbot.core.scaffold.stacks.fastapi import (
    columns,
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
from backendbot.core.scaffold.stacks.fastapi.literals import py_literal, py_tuple

# Functions whose first parameter is the project.
ON_PROJECT: tuple[Callable[..., Any], ...] = (
    sort_imports,
    model_imports.orm_imports,
    model_imports.schema_imports,
    endpoint_imports.service_imports,
    endpoint_imports.controller_imports,
    endpoint_imports.route_imports,
    suite_imports.conftest_imports,
    suite_imports.test_imports,
    permissions.role_guard,
    permissions.statuses,
    permissions.describe,
    samples.sample_constants,
    samples.payload_items,
    suite_choices.actor_role,
    suite.forbids_other,
    suite.admin_reads,
    suite.forbids_default,
    suite.deletes_self,
    suite.referrer_of,
    suite.deleted_with,
    uploads.upload_signatures,
    uploads.upload_text_types,
)
# Functions of a resource or a field alone.
PLAIN: tuple[Callable[..., Any], ...] = (
    fit,
    text_argument,
    py_tuple,
    columns.orm_annotation,
    columns.column_arg_list,
    schema_types.create_annotation,
    schema_types.update_annotation,
    schema_types.read_annotation,
    validators.number_check,
    validators.list_serializer,
    validators.filter_check,
    list_query.filters,
    list_query.sort_keys,
    permissions.needs_user,
    permissions.needs_authorize,
    permissions.viewer,
    permissions.user_args,
    permissions.user_params,
    permissions.user_pass,
    samples.oversized,
    suite.text_field,
    suite.update_field,
    suite.plain_refs,
    suite.non_nullable,
    uploads.upload_sample,
    uploads.upload_limit,
)


def template_names(plan: ProjectPlan) -> dict[str, Any]:
    """Every name a template may use, for one render of ``plan``."""
    out: dict[str, Any] = {fn.__name__: functools.partial(fn, plan) for fn in ON_PROJECT}
    out.update({fn.__name__: fn for fn in PLAIN})
    out.update(
        p=plan,
        m=packages.modules(plan.layout),
        token_ops=functools.partial(suite.token_routes, plan),
        tests_module=packages.tests_module(plan),
        packages=packages.packages(plan),
        coverage=packages.packages(plan),
        uses_optional_user=permissions.uses_optional_user(plan),
        largest_upload=uploads.largest_upload(plan),
        max_page=MAX_PAGE_SIZE,
        int64_max=INT64_MAX,
        url_pattern=py_literal(URL_PATTERN),
        default_string_length=DEFAULT_STRING_LENGTH,
    )
    return out
