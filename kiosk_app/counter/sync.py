"""CounterSync: the counter's background thread (push the outbox, refresh today)."""

from __future__ import annotations

from .desk import CounterDesk
from .views import StatusListener

DEFAULT_INTERVAL_S = 3.0


class CounterSync:
    """Every ``interval_s``: ``desk.push()`` then (signed in) ``desk.refresh_today()``;
    ``on_status`` gets a ``SyncStatus`` whenever online, pending, conflicts or signed-in change
    (called from the sync thread: the Qt layer forwards it as a signal)."""

    def __init__(
        self,
        desk: CounterDesk,
        on_status: StatusListener | None = None,
        interval_s: float = DEFAULT_INTERVAL_S,
    ) -> None:
        raise NotImplementedError

    def start(self) -> None:
        raise NotImplementedError

    def wake(self) -> None:
        """Run a round now (after an action, or when the UI comes back)."""
        raise NotImplementedError

    def stop(self, timeout_s: float = 10.0) -> None:
        raise NotImplementedError
