"""``python -m backendbot``: the same as the ``backendbot`` command."""

from backendbot.app import main

raise SystemExit(main())
