"""The stack-neutral plan (core/scaffold/model): what every stack renders, before any source."""

from __future__ import annotations

import pytest

from backendbot.core.errors import InputError
from backendbot.core.layout import Layout
from backendbot.core.scaffold.model import build_plan
from backendbot.core.scaffold.model.answers import statuses
from backendbot.core.scaffold.model.docs import describe
from backendbot.core.scaffold.model.suite import actor_role, deleted_with, referrer_of, token_routes
from backendbot.core.spec.model import BackendSpec, Field, Resource
from tests.scaffold.conftest import notes_spec


def test_resources_are_sorted_with_names_tables_and_urls(recipes: BackendSpec) -> None:
    plan = build_plan(recipes, Layout())
    assert [r.name for r in plan.resources] == ["Recipe", "Review", "Tag", "User"]
    recipe = plan.resource("Recipe")
    assert (recipe.snake, recipe.table, recipe.url) == ("recipe", "recipes", "/recipes")
    assert plan.by_table("users").is_user and plan.user is plan.resource("User")
    assert plan.stack == "fastapi" and plan.has_files


def test_fields_carry_their_api_names_and_uses(recipes: BackendSpec) -> None:
    recipe = build_plan(recipes, Layout()).resource("Recipe")
    author = recipe.field("author_id")
    assert author is not None and author.owner and not author.writable  # set from the token
    assert author.ref_table == "users"
    assert [f.name for f in recipe.files] == ["image"]
    assert "image" not in [f.name for f in recipe.writable]
    assert [f.name for f in recipe.required] == ["title"]
    servings = recipe.field("servings")
    assert servings is not None and not servings.nullable and servings.numeric
    assert recipe.filter_names[-1] == "owner_id" and "tags" not in recipe.filter_names
    assert recipe.sort_keys[:4] == ["id", "-id", "created_at", "-created_at"]
    tag_name = build_plan(recipes, Layout()).resource("Tag").field("name")
    assert tag_name is not None and tag_name.own_pattern and len(tag_name.samples) == 16


def test_emails_are_private_and_the_user_resource_gets_its_defaults(recipes: BackendSpec) -> None:
    user = build_plan(recipes, Layout()).resource("User")
    assert [f.name for f in user.private] == ["email"]
    assert user.roles("get") == ("owner", "admin")  # the user default
    assert user.roles("list") == ("admin",)  # the spec's
    assert user.viewer("get") is False and user.needs_authorize("list")


def test_permissions_say_who_may_call_each_operation(recipes: BackendSpec) -> None:
    plan = build_plan(recipes, Layout())
    recipe = plan.resource("Recipe")
    assert recipe.roles("list") is None and not recipe.needs_user("list")
    assert recipe.roles("create") == ("user",) and not recipe.needs_authorize("create")
    assert recipe.roles("update") == ("owner",) and recipe.needs_authorize("update")
    assert recipe.operations == ["list", "get", "create", "update", "delete", "update", "get"]
    assert plan.guards_role(plan.resource("User")) and not plan.guards_role(recipe)


def test_statuses_and_descriptions_are_the_same_for_every_stack(recipes: BackendSpec) -> None:
    plan = build_plan(recipes, Layout())
    recipe, user = plan.resource("Recipe"), plan.resource("User")
    assert statuses(plan, recipe, "list") == [422]
    assert statuses(plan, recipe, "update") == [400, 401, 403, 404, 409, 422]
    assert statuses(plan, recipe, "update", upload=True, accepts=True) == [
        400, 401, 403, 404, 413, 415, 422,
    ]  # fmt: skip
    assert statuses(plan, user, "update") == [400, 401, 403, 404, 409, 422]
    assert describe(plan, recipe, "delete") == (
        "Deletes a recipe. Allowed: its owner or role `admin`."
    )
    assert describe(plan, recipe, "get", download="image") == (
        "The recipe's image as stored. Allowed: anyone."
    )


def test_the_suite_knows_actors_referrers_and_token_routes(recipes: BackendSpec) -> None:
    plan = build_plan(recipes, Layout())
    tag, recipe, user = plan.resource("Tag"), plan.resource("Recipe"), plan.resource("User")
    assert actor_role(plan, tag) == "admin" and actor_role(plan, recipe) == "user"
    assert [(r.name, f.name) for r, f in deleted_with(plan, recipe)] == [("Review", "recipe_id")]
    assert [(r.name, f.name) for r, f in deleted_with(plan, tag)] == [("Recipe", "main_tag_id")]
    found = referrer_of(plan, user)
    assert found is not None and found[1] == "owner_id"
    assert ("PUT", "/recipes/1/image") in token_routes(plan, recipe)
    assert ("GET", "/recipes") not in token_routes(plan, recipe)


def test_without_auth_everything_is_public_and_nothing_private() -> None:
    plan = build_plan(notes_spec(), Layout())
    assert plan.user is None and not plan.auth
    for r in plan.resources:
        assert not r.private and not r.owned
        assert not any(r.needs_user(op) or r.viewer(op) for op in r.operations)
        assert token_routes(plan, r) == []


def test_an_unknown_ref_is_an_input_error(recipes: BackendSpec) -> None:
    broken = recipes.model_copy(
        update={"resources": tuple(r for r in recipes.resources if r.name != "Tag")}
    )
    with pytest.raises(InputError, match="field 'main_tag' refers to unknown 'Tag'"):
        build_plan(broken, Layout())


def test_tables_are_created_after_those_they_refer_to(recipes: BackendSpec) -> None:
    """The user's first, then each table after its refs and owner; a self-reference waits for
    nothing; tables in a cycle of refs come last rather than not at all."""
    plan = build_plan(recipes, Layout())
    assert [r.table for r in plan.creation_order] == ["users", "tags", "recipes", "reviews"]
    notes = build_plan(notes_spec(jwt=True), Layout())
    assert [r.table for r in notes.creation_order] == ["users", "folders", "note_items"]
    cycle = BackendSpec(
        name="cycle",
        resources=(
            Resource(name="Egg", fields=(Field(name="hen", type="ref", to="Hen"),)),
            Resource(name="Hen", fields=(Field(name="egg", type="ref", to="Egg"),)),
            Resource(name="Nest", fields=(Field(name="size", type="integer"),)),
        ),
    )
    order = [r.table for r in build_plan(cycle, Layout()).creation_order]
    assert order == ["nests", "eggs", "hens"]
