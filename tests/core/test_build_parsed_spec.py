"""BuildRequest.spec: a caller that has already parsed the spec (the language server) hands it over."""

from __future__ import annotations

from pathlib import Path

from backendbot.core.run.build import BuildRequest, run_build
from backendbot.core.scaffold.plan import Selection
from backendbot.core.spec.parse import parse_spec

SPEC = """\
name: notes
resources:
  Note:
    fields:
      title: {type: string, required: true, max_length: 80}
  Tag:
    fields:
      label: string
"""


def test_a_parsed_spec_gives_the_same_changeset_as_its_text(repo: Path) -> None:
    selection = Selection(resources=frozenset({"Note"}), parts=frozenset({"endpoints"}))
    from_text = run_build(BuildRequest(repo=repo, spec_text=SPEC, selection=selection), env={})
    parsed = parse_spec(SPEC, "backend.yaml")
    given = run_build(
        BuildRequest(repo=repo, spec_text=SPEC, spec=parsed, selection=selection), env={}
    )
    assert given.changeset.paths == from_text.changeset.paths
    assert [c.sha256 for c in given.changeset.changes] == [
        c.sha256 for c in from_text.changeset.changes
    ]
    assert "src/routes/note.py" in given.changeset.paths


def test_a_parsed_spec_is_used_as_is_without_parsing_the_text(repo: Path) -> None:
    parsed = parse_spec(SPEC, "backend.yaml")
    # text that would not parse: only the given spec can have produced the files
    request = BuildRequest(repo=repo, spec_text="resources: [oops", spec=parsed)
    result = run_build(request, env={})
    assert {"src/models/note.py", "src/models/tag.py"} <= set(result.changeset.paths)
