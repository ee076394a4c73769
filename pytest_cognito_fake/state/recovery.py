"""Point-in-time recovery: images of a pool's user data over time, and its restorations."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .store import User


@dataclass
class UserDataImage:
    """A pool's users and groups as they were after the write made at ``at``."""

    at: float
    users: dict[str, User]
    groups: dict[str, dict[str, Any]]


@dataclass
class Restoration:
    restore_id: str
    status: str  # RestoreStatusType
    restore_timestamp: float
    trigger_timestamp: float
    preview: list[dict[str, Any]] | None = None  # RestorePreviewType items, once generated
    #: The user data the restoration brings back (until it is applied or dropped).
    target: UserDataImage | None = None
    #: When the restore finished (one completed recovery per pool per day).
    completed: float | None = None


@dataclass
class Recovery:
    """The pool's user-data history: an image is taken lazily, before the first journaled
    write of each new second, so a test that never moves its clock pays for almost none."""

    images: list[UserDataImage] = field(default_factory=list)  # oldest first
    last_write: float = 0.0  # time of the newest journaled write
    dirty: bool = False  # a journaled write happened (else the pool is as created)
    restorations: list[Restoration] = field(default_factory=list)  # oldest first
    #: A failure a test asked for: the next preview ends in this status instead.
    forced_failure: str | None = None
