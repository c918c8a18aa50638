"""The agent run: the loop, budgets, progress events, and the build entry point the front ends call."""
