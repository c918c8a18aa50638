"""GitHub REST through githubkit: App auth, installation tokens, and the few calls jobs make."""
