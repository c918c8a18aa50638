"""Alembic migrations of the generated project: schema snapshots, their difference, revision files."""
