"""Webhook events → jobs: one small module per event, joined by ``default_router()``."""
