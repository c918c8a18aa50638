"""Every REST operation the App calls, as GitHub's REST description names its path.

The tests hold this list against GitHub's own description (the ``@octokit/openapi``
package): each operation must exist there and be enabled for GitHub Apps, and the fake GitHub
the tests run against answers nothing else. A new call in ``client.py`` or ``auth.py`` goes
here too, then ``tests/fixtures/github_api/make_operations.py`` regenerates the fixture.
"""

from __future__ import annotations

ENDPOINTS: tuple[tuple[str, str], ...] = (
    # App authentication (auth.py), with the App's JWT
    ("GET", "/app"),
    ("POST", "/app/installations/{installation_id}/access_tokens"),
    # one repository through an installation token (client.py)
    ("GET", "/repos/{owner}/{repo}/collaborators/{username}/permission"),
    ("GET", "/users/{username}"),
    ("POST", "/repos/{owner}/{repo}/issues/comments/{comment_id}/reactions"),
    ("POST", "/repos/{owner}/{repo}/pulls/comments/{comment_id}/reactions"),
    ("GET", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
    ("POST", "/repos/{owner}/{repo}/issues/{issue_number}/comments"),
    ("PATCH", "/repos/{owner}/{repo}/issues/comments/{comment_id}"),
    ("GET", "/repos/{owner}/{repo}/contents/{path}"),
    ("GET", "/repos/{owner}/{repo}/pulls"),
    ("POST", "/repos/{owner}/{repo}/pulls"),
    ("GET", "/repos/{owner}/{repo}/pulls/{pull_number}"),
    ("PATCH", "/repos/{owner}/{repo}/pulls/{pull_number}"),
    ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/requested_reviewers"),
    ("POST", "/repos/{owner}/{repo}/pulls/{pull_number}/comments"),  # replies: in_reply_to
    # the verification's check run on the pushed head commit (checks.py), `checks: write`
    ("POST", "/repos/{owner}/{repo}/check-runs"),
    ("PATCH", "/repos/{owner}/{repo}/check-runs/{check_run_id}"),
)
