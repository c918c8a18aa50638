"""The bounds every stack enforces the same way: page size, integers, text and list caps."""

from __future__ import annotations

MAX_PAGE_SIZE = 100
# Integers are bounded to what JSON numbers carry exactly (2**53 - 1), which also fits BIGINT.
INT64_MIN = -(2**53 - 1)
INT64_MAX = 2**53 - 1
DEFAULT_STRING_LENGTH = 255
# Caps the spec can raise (``max_length`` on text, ``max_items`` on lists): no request stores
# megabytes of text or a list of 100,000 items that every list page then serves back.
DEFAULT_TEXT_LENGTH = 10_000
DEFAULT_LIST_ITEMS = 100
EMAIL_LENGTH = 320
URL_LENGTH = 2083
URL_PATTERN = r"^https?://[^\s\x00-\x1f\x7f]+$"
