"""The language server: code actions that generate endpoints and models, as WorkspaceEdits."""
