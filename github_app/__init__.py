"""The GitHub App: webhooks in, queued jobs, branches and pull requests out."""
