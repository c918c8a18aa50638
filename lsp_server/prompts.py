"""The task a model-backed action gives the agent, written from what the user pointed at."""

from __future__ import annotations

from backendbot.lsp_server.analysis import ActionData


def generation_prompt(
    data: ActionData, relative_path: str, context: str | None, language: str = "python"
) -> str:
    """``context`` is the class's source for ``model-class`` (None when it is gone), in
    ``language`` (``python`` or ``typescript``)."""
    where = f"(requested from {relative_path}, line {data.line + 1})"
    if data.action == "endpoint-comment":
        described = f": {data.text}" if data.text else ""
        return (
            f"Add the endpoint {data.method} {data.path}{described} {where}. Follow the "
            "project's existing structure: route, controller, service, schemas and tests."
        )
    if data.action == "endpoint-text":
        return (
            f"Add the endpoint this description asks for {where}, following the project's "
            f"existing structure (route, controller, service, schemas, tests):\n\n{data.text}"
        )
    if data.action == "model-sample":
        return (
            f"Create the model (ORM model and request/response schemas) for data shaped like "
            f"this JSON sample {where}, with tests:\n\n```json\n{data.text}\n```"
        )
    if data.action == "model-class":
        source = f"\n\n```{language}\n{context}\n```" if context else ""
        return (
            f"Generate the model {data.name} for this project from the class below {where}: "
            f"the ORM model, its request/response schemas and tests.{source}"
        )
    return f"Generate what {data.action} asks for {where}."
