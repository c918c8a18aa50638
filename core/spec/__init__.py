"""backend.yaml: the scaffold engine's input, validated with pydantic; errors carry file:line:column."""
