"""No tool input crashes a run: hostile paths, contents and patterns all come back as results."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backendbot.core.changeset.apply import apply_changeset
from backendbot.core.engines.base import ToolCall, ToolOutcome
from backendbot.core.run.loop import run_agent
from backendbot.core.workspace.jail import Jail
from backendbot.core.workspace.results import MAX_RESULT_BYTES
from backendbot.core.workspace.tools import Workspace
from tests.core.conftest import snapshot
from tests.core.test_loop import TOOLS, ScriptedEngine, done, tools_turn, write

EXAMPLES = 150

_ODD = st.sampled_from(
    [
        "..",
        ".",
        "",
        "~",
        ".git",
        ".GIT",
        ".github",
        "workflows",
        "CON",
        "nul.txt",
        "aux.",
        "name.",
        "name ",
        " ",
        "...",
        "link",
        "README.md",
        "src",
        "a\nb",
        "\x1b[31m",
        "\u202e",
        "\ud800",
        "é" * 130,
        "x" * 256,
        "x" * 255,
        "\\",
        "C:",
    ]
)
_PRINTABLE = st.characters(exclude_categories=("Cc", "Cs"), exclude_characters="/\\")
_COMPONENT = st.one_of(
    _ODD,
    st.text(alphabet="abc._- ", min_size=1, max_size=8),
    st.text(_PRINTABLE, min_size=1, max_size=12),
    st.integers(min_value=240, max_value=300).map(lambda n: "y" * n),
    st.integers(min_value=60, max_value=100).map(lambda n: "€" * n),  # 3 bytes a character
    st.text(max_size=12),
)
PATHS = st.builds(
    lambda lead, parts: lead + "/".join(parts),
    st.sampled_from(["", "", "", "./", "/", "../", "~/"]),
    st.lists(_COMPONENT, min_size=1, max_size=5),
)
CONTENT = st.one_of(st.text(max_size=200), st.just("x\n" * 5000), st.text(min_size=1, max_size=1))
ANY_VALUE = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(), st.lists(st.integers(), max_size=2)
)
PATTERNS = st.one_of(
    st.text(max_size=30),
    st.sampled_from([r"(a+)+$", r"(x)\1", r"(?=a)", "(", "[", "a{1001}", r"(.*)*(.*)*\d{2,}"]),
)
INTS = st.one_of(st.integers(min_value=-3, max_value=10**30), ANY_VALUE)


def _calls() -> st.SearchStrategy[tuple[str, dict[str, Any]]]:
    # mostly strings: one path in five is of the wrong type
    path = st.integers(0, 4).flatmap(lambda k: ANY_VALUE if k == 0 else PATHS)
    return st.one_of(
        st.tuples(st.just("write_file"), st.fixed_dictionaries({"path": path, "content": CONTENT})),
        st.tuples(
            st.just("read_file"),
            st.fixed_dictionaries({"path": path}, optional={"offset": INTS, "limit": INTS}),
        ),
        st.tuples(
            st.just("search_files"),
            st.fixed_dictionaries(
                {"pattern": st.one_of(PATTERNS, ANY_VALUE)},
                optional={"path": path, "glob": st.one_of(st.text(max_size=20), ANY_VALUE)},
            ),
        ),
        st.tuples(
            st.just("edit_block"),
            st.fixed_dictionaries(
                {"path": path, "old_text": CONTENT, "new_text": CONTENT},
                optional={"expected_replacements": INTS},
            ),
        ),
    )


def _make_tree(base: Path) -> Path:
    root = base / "root"
    (root / "src").mkdir(parents=True)
    (root / "README.md").write_text("# demo\n")
    (root / "src" / "app.py").write_text("def hello():\n    return 'hi'\n")
    (root / ".git").mkdir()
    (root / ".git" / "config").write_text("[core]\n")
    outside = base / "outside"
    outside.mkdir()
    (outside / "secret.txt").write_text("keep\n")
    os.symlink(outside, root / "link")
    return root


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(calls=st.lists(_calls(), min_size=1, max_size=6))
def test_random_tool_calls_never_escape_the_run_or_the_root(
    calls: list[tuple[str, dict[str, Any]]],
) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        base = Path(tmp)
        root = _make_tree(base)
        outside_before = snapshot(base / "outside")
        jail = Jail(root)
        workspace = Workspace(jail)
        turn = tools_turn(*(ToolCall(f"c{i}", n, a) for i, (n, a) in enumerate(calls)))
        engine = ScriptedEngine([turn, done()])
        try:
            result = run_agent(engine, workspace, system="s", task="t", tool_names=TOOLS)
        finally:
            workspace.close()
        outcomes = engine.given[1]
        assert isinstance(outcomes, list) and len(outcomes) == len(calls)
        for outcome in outcomes:
            assert isinstance(outcome, ToolOutcome)
            assert len(outcome.content.encode("utf-8", "surrogatepass")) < MAX_RESULT_BYTES
            if outcome.is_error:
                assert "Traceback" not in outcome.content
        assert result.final_text == "Done."
        apply_changeset(result.changeset, jail)
        assert snapshot(base / "outside") == outside_before
        assert sorted(p.name for p in base.iterdir()) == ["outside", "root"]
        assert (root / ".git" / "config").read_text() == "[core]\n"
        for change in result.changeset.changes:
            target = Path(os.path.realpath(root / change.path))
            assert root in target.parents
            assert target.read_bytes() == change.after


def test_a_bad_write_does_not_cost_the_good_one(repo: Path) -> None:
    """A 300-character file name is refused; the write after it in the same turn lands."""
    jail = Jail(repo)
    workspace = Workspace(jail)
    engine = ScriptedEngine(
        [tools_turn(write("src/" + "n" * 300 + ".py", "bad\n"), write("src/ok.py", "ok\n", 1)), done()]
    )
    try:
        result = run_agent(engine, workspace, system="s", task="t", tool_names=TOOLS)
    finally:
        workspace.close()
    outcomes = engine.given[1]
    assert isinstance(outcomes, list)
    assert [o.is_error for o in outcomes] == [True, False]
    assert "longer than 255 bytes" in outcomes[0].content
    apply_changeset(result.changeset, jail)
    assert (repo / "src" / "ok.py").read_text() == "ok\n"
    assert result.changeset.paths == ["src/ok.py"]
