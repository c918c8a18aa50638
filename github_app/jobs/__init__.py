"""Jobs: what a webhook event asks for, queued and run one at a time per issue or pull request."""
