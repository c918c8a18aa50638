"""The scaffold generator: a validated backend.yaml in, a complete backend project out, deterministically."""
