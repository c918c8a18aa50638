"""backendbot: a backend-developer agent for editors (LSP) and GitHub, with persisted, verified output.

This folder, ``cli/``, is installed as the root package ``backendbot``; it holds the command line.
"""

__version__ = "0.1.0"
