"""backendbot's core: agent definitions, jailed workspace tools, change sets and engines."""
