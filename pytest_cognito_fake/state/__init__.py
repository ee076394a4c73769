"""In-memory state of the fake: dataclasses only (no JSON, no clock, no locking)."""
