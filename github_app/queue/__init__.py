"""The durable job queue: huey for transport, a job store for dedup, per-key order and states."""
