"""Engines: what produces the agent's turns (scaffold offline, anthropic, openai)."""
