"""A fake GitHub REST API on 127.0.0.1 serving only the endpoints the App's jobs call.

Responses start from GitHub's own documented examples (tests/fixtures/github_api/
examples.json, taken from GitHub's OpenAPI description) with the fields that matter
filled in, so githubkit's models parse them as they parse github.com's. Every request is
recorded (method, path, query, JSON body, Authorization header).

The bodies of the operations in tests/fixtures/github_api/request_bodies.json (the check runs)
are held to the description's schema for them (enums, required fields, length limits) and
answered 422 as GitHub does when they do not fit; check runs are kept in ``check_runs`` with
every body they were created and updated with, in order.

Like GitHub with an App's token, it refuses with 403 every operation the description marks
``x-github.enabledForGitHubApps: false`` (tests/fixtures/github_api/operations.json); a
request for an operation the App does not declare (``github_app/github/endpoints.py``) gets
404 and is kept in ``undeclared``, which the tests' fixture checks is empty at the end.

    api = FakeGitHubAPI(public_key_pem, token="ghs_x", repo="octo-org/demo").start()
    api.permissions["alice"] = "write"
    api.fail("POST", "/repos/octo-org/demo/pulls", status=500)   # once
    ...
    api.calls_to("PATCH", "/repos/octo-org/demo/issues/comments/")
"""

from __future__ import annotations

import base64
import copy
import json
import re
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jsonschema_rs
import jwt

from tests.fakes.loopback import LoopbackServer

EXAMPLES = Path(__file__).parent.parent / "fixtures" / "github_api" / "examples.json"
OPERATIONS = EXAMPLES.with_name("operations.json")
BODIES = EXAMPLES.with_name("request_bodies.json")
NOT_FOR_APPS = "Resource not accessible by integration"
Json = Any


@dataclass(frozen=True)
class Operation:
    method: str
    template: str  # as GitHub's description writes it: /repos/{owner}/{repo}/pulls
    enabled_for_apps: bool

    @property
    def pattern(self) -> re.Pattern[str]:
        return _template_pattern(self.template)

    @property
    def literal_segments(self) -> int:
        """How specific the template is: GitHub routes literal segments before parameters."""
        return sum(1 for part in self.template.split("/") if part and "{" not in part)


def _template_pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"(\{[^}]+\})", template)
    regex = "".join(
        (".+" if p == "{path}" else "[^/]+") if p.startswith("{") else re.escape(p) for p in parts
    )
    return re.compile(regex)


def load_operations(path: Path = OPERATIONS) -> list[Operation]:
    """The App's declared operations and those GitHub keeps from Apps, from the fixture."""
    data = json.loads(path.read_text(encoding="utf-8"))
    ops = [
        Operation(o["method"], o["path"], o["enabledForGitHubApps"] is not False)
        for o in data["app_calls"]
    ]
    ops += [Operation(m, p, False) for m, p, _op_id in data["not_enabled_for_apps"]]
    return ops


def load_body_validators(path: Path = BODIES) -> dict[tuple[str, str], Any]:
    """One JSON Schema validator per "METHOD template" whose request body the fake checks."""
    data = json.loads(path.read_text(encoding="utf-8"))
    validators = {}
    for key, schema in data["bodies"].items():
        method, template = key.split(" ", 1)
        validators[(method, template)] = jsonschema_rs.Draft4Validator(
            schema, validate_formats=True
        )
    return validators


@dataclass
class CheckRun:
    """A check run as the fake keeps it: its current fields and each body sent, in order."""

    id: int
    data: dict[str, Json]
    bodies: list[Json] = field(default_factory=list)


@dataclass(frozen=True)
class Call:
    method: str
    path: str
    query: dict[str, str]
    body: Json
    authorization: str


@dataclass
class Failure:
    method: str
    pattern: re.Pattern[str]
    status: int
    times: int
    headers: dict[str, str] = field(default_factory=dict)
    message: str = "Server Error"


class FakeGitHubAPI:
    def __init__(
        self,
        public_key_pem: str,
        *,
        token: str,
        repo: str,
        app_id: int = 4242,
        app_slug: str = "backendbot-test",
        branch_exists: Callable[[str], bool] = lambda _: True,
    ) -> None:
        self.public_key = public_key_pem
        self.token = token
        self.repo = repo
        self.app_id = app_id
        self.app_slug = app_slug
        self.branch_exists = branch_exists
        self.examples: dict[str, Json] = json.loads(EXAMPLES.read_text(encoding="utf-8"))
        self.users: dict[str, int] = {f"{app_slug}[bot]": 9000}
        self.permissions: dict[str, str] = {}
        self.files: dict[str, str] = {}  # path -> text on the default branch
        self.comments: dict[int, dict[str, Json]] = {}  # id -> comment (with issue_number)
        self.pulls: dict[int, dict[str, Json]] = {}
        self.reactions: list[tuple[int, str]] = []
        self.review_reactions: list[tuple[int, str]] = []
        self.review_requests: list[tuple[int, list[str]]] = []
        self.replies: list[tuple[int, int, str]] = []  # (pr, in_reply_to, body)
        self.token_requests: list[Json] = []
        self.calls: list[Call] = []
        self.operations = load_operations()
        self.body_validators = load_body_validators()
        self.check_runs: dict[int, CheckRun] = {}
        self.undeclared: list[Call] = []  # requests for an operation the App does not declare
        self.on_call: Callable[[Call], None] | None = None  # runs before each answer
        self._failures: list[Failure] = []
        self._next_id = 1000
        self._next_number = 100
        self._lock = threading.Lock()
        self._http: LoopbackServer | None = None

    # -- lifecycle ---------------------------------------------------------------------------
    def start(self) -> FakeGitHubAPI:
        self._http = LoopbackServer(_handler_for(self))
        return self

    def stop(self) -> None:
        if self._http is not None:
            self._http.stop()

    @property
    def base_url(self) -> str:
        assert self._http is not None
        return self._http.base_url

    # -- test controls -----------------------------------------------------------------------
    def fail(
        self,
        method: str,
        path_regex: str,
        *,
        status: int = 500,
        times: int = 1,
        headers: dict[str, str] | None = None,
        message: str = "Server Error",
    ) -> None:
        """Answer the next ``times`` matching requests with ``status`` instead."""
        self._failures.append(
            Failure(method, re.compile(path_regex), status, times, headers or {}, message)
        )

    def clear_failures(self) -> None:
        self._failures.clear()

    def calls_to(self, method: str, path_prefix: str) -> list[Call]:
        return [c for c in self.calls if c.method == method and c.path.startswith(path_prefix)]

    def issue_comments(self, issue_number: int) -> list[dict[str, Json]]:
        return [c for c in self.comments.values() if c["issue_number"] == issue_number]

    def add_comment(self, issue_number: int, body: str, login: str) -> int:
        return int(self._new_comment(issue_number, body, login)["id"])

    # -- building responses ------------------------------------------------------------------
    def _id(self) -> int:
        with self._lock:
            self._next_id += 1
            return self._next_id

    def _user(self, login: str) -> Json:
        user = copy.deepcopy(self.examples["user"])
        uid = self.users.setdefault(login, 5000 + len(self.users))
        user.update(login=login, id=uid, type="Bot" if login.endswith("[bot]") else "User")
        return user

    def _simple_user(self, login: str) -> Json:
        keys = self.examples["issue_comment"]["user"].keys()
        full = self._user(login)
        return {k: full.get(k, self.examples["issue_comment"]["user"][k]) for k in keys}

    def _new_comment(self, issue_number: int, body: str, login: str) -> Json:
        comment = copy.deepcopy(self.examples["issue_comment"])
        cid = self._id()
        comment.update(
            id=cid,
            body=body,
            user=self._simple_user(login),
            html_url=f"https://github.example/{self.repo}/issues/{issue_number}#issuecomment-{cid}",
            issue_number=issue_number,
        )
        self.comments[cid] = comment
        return comment

    def _public_comment(self, comment: Json) -> Json:
        return {k: v for k, v in comment.items() if k != "issue_number"}

    def _pull(self, number: int, body: Json) -> Json:
        pr = copy.deepcopy(self.examples["pull_request"])
        pr.update(
            number=number,
            id=self._id(),
            title=body["title"],
            body=body.get("body"),
            draft=bool(body.get("draft", False)),
            state="open",
            labels=[],
            requested_teams=[],
            requested_reviewers=[],
            html_url=f"https://github.example/{self.repo}/pull/{number}",
            user=self._simple_user(f"{self.app_slug}[bot]"),
        )
        pr["head"]["ref"] = body["head"]
        pr["base"]["ref"] = body["base"]
        return pr

    def _simple(self, pr: Json) -> Json:
        simple = copy.deepcopy(self.examples["pull_request_simple"])
        for key in simple:
            if key in pr:
                simple[key] = copy.deepcopy(pr[key])
        return simple

    # -- routing -----------------------------------------------------------------------------
    def handle(
        self, method: str, path: str, query: dict[str, str], body: Json, auth: str
    ) -> tuple[int, Json, dict[str, str]]:
        call = Call(method, path, query, body, auth)
        self.calls.append(call)
        if self.on_call is not None:
            self.on_call(call)
        op = self.operation(method, path)
        if op is None:
            self.undeclared.append(call)
            return 404, {"message": "Not Found"}, {}
        if not op.enabled_for_apps:
            docs = "https://docs.github.com/rest"
            return 403, {"message": NOT_FOR_APPS, "documentation_url": docs, "status": "403"}, {}
        for failure in self._failures:
            if failure.times > 0 and failure.method == method and failure.pattern.search(path):
                failure.times -= 1
                return failure.status, {"message": failure.message}, failure.headers
        if path.startswith("/app"):
            if not self._valid_jwt(auth):
                return 401, {"message": "A JSON web token could not be decoded"}, {}
            return self._app_routes(method, path, body)
        if auth != f"token {self.token}":
            return 401, {"message": "Bad credentials"}, {}
        invalid = self._invalid_body(op, body)
        if invalid is not None:
            return 422, invalid, {}
        if path.startswith("/users/"):
            return 200, self._user(path.removeprefix("/users/")), {}
        prefix = f"/repos/{self.repo}"
        if not path.startswith(prefix + "/"):
            return 404, {"message": "Not Found"}, {}
        return self._repo_routes(method, path.removeprefix(prefix), query, body)

    def operation(self, method: str, path: str) -> Operation | None:
        """The description's operation for a request, the most literal template first."""
        found = [o for o in self.operations if o.method == method and o.pattern.fullmatch(path)]
        return max(found, key=lambda o: o.literal_segments, default=None)

    def _invalid_body(self, op: Operation, body: Json) -> Json | None:
        """GitHub's 422 for a body that does not fit the description's schema, else None."""
        validator = self.body_validators.get((op.method, op.template))
        if validator is None:
            return None
        errors = [
            f"{'/'.join(str(p) for p in e.instance_path) or 'body'}: {e.message}"
            for e in validator.iter_errors(body)
        ]
        if not errors:
            return None
        return {"message": "Invalid request.\n\n" + "\n".join(errors), "errors": errors}

    def _valid_jwt(self, auth: str) -> bool:
        if not auth.startswith("Bearer "):
            return False
        try:
            claims = jwt.decode(auth.removeprefix("Bearer "), self.public_key, algorithms=["RS256"])
        except jwt.PyJWTError:
            return False
        return str(claims.get("iss")) == str(self.app_id)

    def _app_routes(self, method: str, path: str, body: Json) -> tuple[int, Json, dict[str, str]]:
        if method == "GET" and path == "/app":
            app = copy.deepcopy(self.examples["app"])
            app.update(id=self.app_id, slug=self.app_slug)
            return 200, app, {}
        if method == "POST" and re.fullmatch(r"/app/installations/\d+/access_tokens", path):
            self.token_requests.append(body)
            token = copy.deepcopy(self.examples["installation_token"])
            expires = datetime.now(UTC) + timedelta(hours=1)
            token.update(token=self.token, expires_at=expires.strftime("%Y-%m-%dT%H:%M:%SZ"))
            return 201, token, {}
        return 404, {"message": "Not Found"}, {}

    def _repo_routes(
        self, method: str, path: str, query: dict[str, str], body: Json
    ) -> tuple[int, Json, dict[str, str]]:
        route = (method, path)
        if m := re.fullmatch(r"/collaborators/([^/]+)/permission", path):
            login = m.group(1)
            perm = copy.deepcopy(self.examples["collaborator_permission"])
            level = self.permissions.get(login, "read")
            perm.update(
                permission=level, role_name=level, user={**self._user(login), "role_name": level}
            )
            return 200, perm, {}
        if method == "POST" and (m := re.fullmatch(r"/issues/comments/(\d+)/reactions", path)):
            self.reactions.append((int(m.group(1)), body["content"]))
            reaction = copy.deepcopy(self.examples["reaction"])
            reaction.update(
                content=body["content"], user=self._simple_user(f"{self.app_slug}[bot]")
            )
            return 201, reaction, {}
        if method == "POST" and (m := re.fullmatch(r"/pulls/comments/(\d+)/reactions", path)):
            self.review_reactions.append((int(m.group(1)), body["content"]))
            reaction = copy.deepcopy(self.examples["reaction"])
            reaction.update(content=body["content"])
            return 201, reaction, {}
        if m := re.fullmatch(r"/issues/(\d+)/comments", path):
            number = int(m.group(1))
            if method == "POST":
                comment = self._new_comment(number, body["body"], f"{self.app_slug}[bot]")
                return 201, self._public_comment(comment), {}
            page, per_page = int(query.get("page", 1)), int(query.get("per_page", 30))
            items = self.issue_comments(number)[(page - 1) * per_page : page * per_page]
            return 200, [self._public_comment(c) for c in items], {}
        if method == "PATCH" and (m := re.fullmatch(r"/issues/comments/(\d+)", path)):
            comment = self.comments.get(int(m.group(1)))
            if comment is None:
                return 404, {"message": "Not Found"}, {}
            comment["body"] = body["body"]
            return 200, self._public_comment(comment), {}
        if method == "GET" and path.startswith("/contents/"):
            return self._contents(path.removeprefix("/contents/"))
        if route == ("GET", "/pulls"):
            head = query.get("head", "")
            branch = head.split(":", 1)[1] if ":" in head else head
            found = [
                self._simple(pr)
                for pr in self.pulls.values()
                if pr["state"] == query.get("state", "open")
                and (not branch or pr["head"]["ref"] == branch)
            ]
            return 200, found, {}
        if route == ("POST", "/pulls"):
            return self._create_pull(body)
        if method == "GET" and (m := re.fullmatch(r"/pulls/(\d+)", path)):
            pr = self.pulls.get(int(m.group(1)))
            return (200, pr, {}) if pr is not None else (404, {"message": "Not Found"}, {})
        if method == "PATCH" and (m := re.fullmatch(r"/pulls/(\d+)", path)):
            pr = self.pulls.get(int(m.group(1)))
            if pr is None:
                return 404, {"message": "Not Found"}, {}
            pr.update({k: v for k, v in body.items() if k in ("title", "body", "state")})
            return 200, pr, {}
        if method == "POST" and (m := re.fullmatch(r"/pulls/(\d+)/requested_reviewers", path)):
            pr = self.pulls[int(m.group(1))]
            self.review_requests.append((pr["number"], list(body["reviewers"])))
            pr["requested_reviewers"] = [self._simple_user(u) for u in body["reviewers"]]
            return 201, self._simple(pr), {}
        if method == "POST" and (m := re.fullmatch(r"/pulls/(\d+)/comments", path)):
            return self._review_comment(int(m.group(1)), body)
        if route == ("POST", "/check-runs"):
            return self._create_check_run(body)
        if method == "PATCH" and (m := re.fullmatch(r"/check-runs/(\d+)", path)):
            run = self.check_runs.get(int(m.group(1)))
            if run is None:
                return 404, {"message": "Not Found"}, {}
            run.bodies.append(body)
            self._apply_check_run(run, body)
            return 200, run.data, {}
        return 404, {"message": "Not Found"}, {}

    def _create_check_run(self, body: Json) -> tuple[int, Json, dict[str, str]]:
        run = CheckRun(self._id(), copy.deepcopy(self.examples["check_run"]), [body])
        run.data.update(
            id=run.id,
            html_url=f"https://github.example/{self.repo}/runs/{run.id}",
            status="queued",
            conclusion=None,
            completed_at=None,
            pull_requests=[],
        )
        self._apply_check_run(run, body)
        self.check_runs[run.id] = run
        return 201, run.data, {}

    @staticmethod
    def _apply_check_run(run: CheckRun, body: Json) -> None:
        """GitHub's rule: a conclusion sets the status to completed."""
        for key in ("name", "head_sha", "status", "started_at", "conclusion", "completed_at"):
            if key in body:
                run.data[key] = body[key]
        if "output" in body:
            run.data["output"] = {**run.data["output"], **body["output"]}
        if body.get("conclusion") is not None:
            run.data["status"] = "completed"

    def _review_comment(self, number: int, body: Json) -> tuple[int, Json, dict[str, str]]:
        """A reply (``in_reply_to``: GitHub ignores every other field) or a new review comment."""
        if not isinstance(body.get("body"), str):
            return 422, {"message": "Invalid request.", "errors": ["body is missing"]}, {}
        in_reply_to = body.get("in_reply_to")
        if in_reply_to is None and not ("commit_id" in body and "path" in body):
            return 422, {"message": "Invalid request.", "errors": ["commit_id, path"]}, {}
        comment = copy.deepcopy(self.examples["review_comment"])
        comment.update(id=self._id(), body=body["body"], in_reply_to_id=in_reply_to)
        if in_reply_to is not None:
            self.replies.append((number, int(in_reply_to), body["body"]))
        return 201, comment, {}

    def _contents(self, path: str) -> tuple[int, Json, dict[str, str]]:
        text = self.files.get(path)
        if text is None:
            return 404, {"message": "Not Found"}, {}
        item = copy.deepcopy(self.examples["content_file"])
        item.update(
            path=path,
            name=path.rsplit("/", 1)[-1],
            size=len(text.encode()),
            content=base64.encodebytes(text.encode()).decode(),
        )
        return 200, item, {}

    def _create_pull(self, body: Json) -> tuple[int, Json, dict[str, str]]:
        errors = []
        if not self.branch_exists(body["head"]):
            errors.append({"resource": "PullRequest", "field": "head", "code": "invalid"})
        if any(
            p["head"]["ref"] == body["head"] and p["state"] == "open" for p in self.pulls.values()
        ):
            errors.append(
                {
                    "resource": "PullRequest",
                    "code": "custom",
                    "message": f"A pull request already exists for {body['head']}.",
                }
            )
        if errors:
            return 422, {"message": "Validation Failed", "errors": errors}, {}
        with self._lock:
            self._next_number += 1
            number = self._next_number
        self.pulls[number] = self._pull(number, body)
        return 201, self.pulls[number], {}


def _handler_for(api: FakeGitHubAPI) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, format: str, *args: object) -> None:
            return

        def do_GET(self) -> None:
            self._serve()

        def do_POST(self) -> None:
            self._serve()

        def do_PATCH(self) -> None:
            self._serve()

        def _serve(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[-1] for k, v in parse_qs(parts.query).items()}
            length = int(self.headers.get("Content-Length") or 0)
            raw = self.rfile.read(length) if length else b""
            body = json.loads(raw) if raw else None
            auth = self.headers.get("Authorization", "")
            status, payload, headers = api.handle(self.command, parts.path, query, body, auth)
            data = json.dumps(payload).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            for name, value in headers.items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(data)

    return Handler
