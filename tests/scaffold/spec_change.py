"""The spec change the migration tests and CI apply to any spec: a defaulted field on the first
resource and a new small resource that refers to it."""

from __future__ import annotations

import sys
from pathlib import Path

from backendbot.core.spec.model import BackendSpec, Field, Resource

NEW_FIELD = "migration_note"
NEW_DEFAULT = "kept"
NEW_RESOURCE = "MigrationProbe"


def grown(spec: BackendSpec) -> BackendSpec:
    first = spec.resources[0]
    field = Field(name=NEW_FIELD, type="string", max_length=40, default=NEW_DEFAULT)
    changed = first.model_copy(update={"fields": (*first.fields, field)})
    probe = Resource(
        name=NEW_RESOURCE,
        fields=(
            Field(name="label", type="string", required=True, max_length=60),
            Field(name="target", type="ref", to=first.name, on_delete="cascade"),
        ),
    )
    return spec.model_copy(update={"resources": (changed, *spec.resources[1:], probe)})


def main() -> None:
    """``python -m tests.scaffold.spec_change SPEC OUT``: writes the grown spec as backend.yaml
    text, and prints the first resource's table, the new column and its default (a line each)."""
    from backendbot.core.scaffold.names import plural, snake
    from backendbot.core.spec.dump import dump_spec
    from backendbot.core.spec.parse import load_spec

    spec = load_spec(Path(sys.argv[1]))
    Path(sys.argv[2]).write_text(dump_spec(grown(spec)), encoding="utf-8")
    print(plural(snake(spec.resources[0].name)), NEW_FIELD, NEW_DEFAULT, sep="\n")


if __name__ == "__main__":
    main()
