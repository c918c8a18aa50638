"""ChangeSet: every file a run created, modified or deleted, diffable and applied atomically."""

from backendbot.core.changeset.model import ChangeSet, FileChange, FileStatus

__all__ = ["ChangeSet", "FileChange", "FileStatus"]
