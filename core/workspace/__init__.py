"""The agent's workspace: a jailed view of one checkout, with writes staged until the run succeeds."""
