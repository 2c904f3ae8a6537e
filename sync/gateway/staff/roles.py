"""What each staff role may do. Separation of duties: an admin manages accounts but reads no
case; clerks and supervisors read cases and act on them. Supervisors and admins see the fleet
of devices (issue 18)."""

from __future__ import annotations

from typing import Literal

Role = Literal["counter", "supervisor", "admin"]
Permission = Literal[
    "read_cases", "staff_commands", "manage_staff", "view_fleet", "read_snippets", "edit_snippets"
]
ROLES: tuple[Role, ...] = ("counter", "supervisor", "admin")

_ALLOWED: dict[str, frozenset[Permission]] = {
    "counter": frozenset({"read_cases", "staff_commands", "read_snippets"}),
    # Supervisors edit and approve the knowledge base (issue 16).
    "supervisor": frozenset(
        {"read_cases", "staff_commands", "view_fleet", "read_snippets", "edit_snippets"}
    ),
    "admin": frozenset({"manage_staff", "view_fleet"}),  # the fleet names devices, no case
}

# How a refusal names the action (``role counter may not manage staff accounts``).
ACTION_WORDS: dict[Permission, str] = {
    "read_cases": "read cases",
    "staff_commands": "act on cases",
    "manage_staff": "manage staff accounts",
    "view_fleet": "view the fleet of devices",
    "read_snippets": "read the knowledge base",
    "edit_snippets": "edit or approve the knowledge base",
}


def may(role: str, permission: Permission) -> bool:
    return permission in _ALLOWED.get(role, frozenset())


def refusal(role: str, words: str) -> str:
    """The detail of a 403 ``forbidden``: names the role and what it may not do."""
    return f"role {role} may not {words}"
