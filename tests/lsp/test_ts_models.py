"""Pure: TypeScript declarations found at a line, their properties, and the spec fields they map to.

Hostile inputs on purpose: unbalanced braces, huge files, generics, comments and strings holding
braces, decorators (class-validator, TypeORM), methods mixed with properties.
"""

from __future__ import annotations

from typing import Any

import pytest

from backendbot.core.errors import InputError
from backendbot.lsp_server.ts_fields import resource_name, ts_fields
from backendbot.lsp_server.ts_models import (
    SCAN_LINES,
    TsModel,
    declaration_source,
    ts_model,
    ts_properties,
)

RESOURCES = {"User", "Recipe"}


def _lines(text: str) -> list[str]:
    return text.strip("\n").split("\n")


def _fields(text: str, line: int = 0, resources: set[str] = RESOURCES) -> list[dict[str, Any]]:
    lines = _lines(text)
    model = ts_model(lines, line)
    assert model is not None
    found = ts_fields(model, ts_properties(lines, model, "m.ts"), resources, "m.ts")
    return [f.model_dump(exclude_defaults=True) for f in found]


def _error(text: str, line: int = 0) -> str:
    with pytest.raises(InputError) as caught:
        _fields(text, line)
    return str(caught.value)


def test_interface_type_map() -> None:
    assert _fields(
        """
export interface Recipe {
  id: number;
  title: string;
  servings?: number
  rating: number | null,
  tags: string[];
  scores: ReadonlyArray<number>;
  status: "draft" | "published";
  author: User;
  cookedAt: Date | undefined;
  createdAt: Date;
  big: bigint;
  photo?: File;
}
"""
    ) == [
        {"name": "title", "type": "string", "required": True},
        {"name": "servings", "type": "number"},
        {"name": "rating", "type": "number"},
        {"name": "tags", "type": "list", "item_type": "string", "required": True},
        {"name": "scores", "type": "list", "item_type": "number", "required": True},
        {"name": "status", "type": "enum", "values": ("draft", "published"), "required": True},
        {"name": "author", "type": "ref", "to": "User", "required": True},
        {"name": "cooked_at", "type": "datetime"},
        {"name": "big", "type": "integer", "required": True},
        {"name": "photo", "type": "file"},
    ]


def test_a_union_over_several_lines_and_a_multiline_type_literal_member() -> None:
    text = """
type Order = {
  state:
    | 'open'
    | 'closed'
  note: string
};
"""
    assert _fields(text) == [
        {"name": "state", "type": "enum", "values": ("open", "closed"), "required": True},
        {"name": "note", "type": "string", "required": True},
    ]


def test_class_validator_and_typeorm_decorators_and_methods_mixed_in() -> None:
    text = """
@Entity()
export class RecipeEntity extends BaseEntity {
  @PrimaryGeneratedColumn() id!: number;
  @IsEmail() @IsOptional()
  contact?: string;
  @Column({
    unique: true,
    length: 200,
  })
  @MaxLength(200)
  title!: string;
  @Column("text") body?: string;
  @IsInt()
  @Min(1) @Max(12)
  servings: number = 1;
  private static registry = new Map<string, number>();
  readonly #secret = 1;
  label = "none";
  done = false;
  constructor(private readonly repo: Repo, other: { a: string }) { super(); }
  get summary(): string { return `${this.title} }`; }
  set summary(value: string) { this.title = value; }
  async load(id: number): Promise<void> { if (id > 1) { return; } }
  *ids() { yield 1; }
  onSave = () => { this.done = true; };
  handler: (event: string) => void;
  compare<T>(a: T, b: T): number { return a < b ? -1 : 1; }
}
"""
    assert _fields(text, 0) == [
        {"name": "contact", "type": "email"},
        {"name": "title", "type": "string", "unique": True, "required": True, "max_length": 200},
        {"name": "body", "type": "text"},
        {"name": "servings", "type": "integer", "default": 1, "min": 1, "max": 12},
        {"name": "label", "type": "string", "default": "none"},
        {"name": "done", "type": "boolean", "default": False},
    ]


def test_zod_objects() -> None:
    text = """
export const recipeSchema = z.object({
  title: z.string().min(1).max(200),
  servings: z.number().int().min(1).default(1),
  rating: z.number().max(5).nullable(),
  tags: z.array(z.string()).optional(),
  status: z.enum(["draft", "published"]),
  contact: z.string().email(),
  site: z.url(),
  cookedOn: z.coerce.date(),
  author: UserSchema,
  big: z.bigint(),
  note: z.string().describe("a, b; c"),
});
"""
    assert _fields(text, 3) == [
        {"name": "title", "type": "string", "required": True, "max_length": 200},
        {"name": "servings", "type": "integer", "default": 1, "min": 1},
        {"name": "rating", "type": "number", "max": 5},
        {"name": "tags", "type": "list", "item_type": "string"},
        {"name": "status", "type": "enum", "values": ("draft", "published"), "required": True},
        {"name": "contact", "type": "email", "required": True},
        {"name": "site", "type": "url", "required": True},
        {"name": "cooked_on", "type": "datetime", "required": True},
        {"name": "author", "type": "ref", "to": "User", "required": True},
        {"name": "big", "type": "integer", "required": True},
        {"name": "note", "type": "string", "required": True},
    ]


def test_comments_and_strings_holding_braces() -> None:
    text = """
interface Recipe {
  // } a closing brace in a comment
  title: string; /* and { another
     over lines } */
  status: "}" | "{";
  url: `${"}"}`;
}
"""
    lines = _lines(text)
    model = ts_model(lines, 6)
    assert model == TsModel("Recipe", 0, "interface")
    assert [p.name for p in ts_properties(lines, model, "m.ts")] == ["title", "status", "url"]
    assert "property 'url': type '`${\"}\"}`'" in _error(text)


@pytest.mark.parametrize(
    ("type_text", "named"),
    [
        ("Address", "type 'Address' has no backend.yaml field type"),
        ("{ lat: number; lng: number }", "type '{ lat: number; lng: number }'"),
        ("Record<string, unknown>", "type 'Record<string, unknown>'"),
        ("string | number", "type 'string | number'"),
        ("Array<Array<string>>", "a list holds string, number, boolean or Date items"),
        ("User[]", "a list holds"),
        ("any", "type 'any'"),
        ("Map<string, number>", "type 'Map<string, number>'"),
    ],
)
def test_an_unsupported_type_names_the_property_and_the_type(type_text: str, named: str) -> None:
    message = _error(f"interface Thing {{\n  title: string;\n  where: {type_text};\n}}")
    assert message.startswith("m.ts:3:3: property 'where': ")
    assert named in message


def test_generics_index_signatures_names_and_empty_bodies() -> None:
    assert "property 'items': type 'T[]'" in _error("interface Page<T> {\n  items: T[];\n}")
    assert "index signature '[key: string]'" in _error(
        "interface Bag {\n  [key: string]: number;\n}"
    )
    assert "property '2nd': field name '2nd' must be snake_case" in _error(
        'interface P {\n  "2nd": string;\n}'
    )
    assert "property 'password': field name 'password' is reserved" in _error(
        "interface P {\n  password: string;\n}"
    )
    assert "has no data property" in _error("class Service {\n  run(): void {}\n}")
    assert "property 'x' has no type annotation" in _error("class P {\n  x;\n}")


def test_unbalanced_braces() -> None:
    text = "interface Recipe {\n  title: string;\n  nested: { a: string;\n"
    lines = _lines(text)
    assert ts_model(lines, 1) == TsModel("Recipe", 0, "interface")  # offered while typing
    assert "its '{' is not closed within 300 lines" in _error(text)
    stray = _lines("interface A {\n  a: string;\n}\n}\n}\nconst x = 1;")
    assert ts_model(stray, 5) is None
    assert ts_model(_lines("class A { x: string; ) }"), 0) is not None
    assert "not closed" in _error("class A {\n  x: string; )\n}")


def test_what_is_not_a_model() -> None:
    lines = _lines(
        """
type Id = string;
// interface Commented {
const schema = z.string();
function f() { return { a: 1 }; }
type Mixed = Base & { extra: string };
interface Done { a: string }
const after = 1;
"""
    )
    for line in range(len(lines) - 1):
        if line != 5:
            assert ts_model(lines, line) is None, line
    assert ts_model(lines, 5) == TsModel("Done", 5, "interface")
    assert ts_model(lines, 6) is None
    assert ts_model(lines, -1) is None and ts_model(lines, 99) is None


def test_ten_thousand_lines_are_never_all_read() -> None:
    code = [f"const value{i} = compute({i}, '{{');" for i in range(10_000)]
    assert ts_model(code, 9_999) is None
    middle = [*code[:5_000], "export interface Recipe {", "  title: string;", "}", *code[5_000:]]
    assert ts_model(middle, 5_001) == TsModel("Recipe", 5_000, "interface")
    assert ts_model(middle, 5_003) is None
    model = ts_model(middle, 5_000)
    assert model is not None
    assert [p.name for p in ts_properties(middle, model, "m.ts")] == ["title"]
    huge = ["interface Wide {", *(f"  field{i}: string;" for i in range(10_000)), "}"]
    assert ts_model(huge, 9_000) is None  # its header is further up than the scan goes
    assert ts_model(huge, SCAN_LINES - 2) == TsModel("Wide", 0, "interface")
    assert "not closed within 300 lines" in _error("\n".join(huge), 5)


def test_declaration_source_and_resource_names() -> None:
    lines = _lines("@Entity()\nclass A {\n  x: string;\n}\nconst y = 1;")
    assert declaration_source(lines, 1) == "@Entity()\nclass A {\n  x: string;\n}"
    assert resource_name("RecipeSchema") == "Recipe"
    assert resource_name("recipeDto") == "Recipe"
    assert resource_name("Schema") == "Schema"
    assert resource_name("Tag") == "Tag"
