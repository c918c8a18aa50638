"""The webhook receiver: a Starlette app that verifies, routes and enqueues deliveries."""
