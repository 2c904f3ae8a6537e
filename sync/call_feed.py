"""The call display's reading of the gateway (issue 15): ``GET /v1/walk-in/calls`` with a
cursor, as a long poll. Qt-free; one blocking call per ``next_calls``, meant for a thread of its
own. The cursor lives here, in memory, for the display's lifetime: a gateway that goes away and
comes back is asked from the same cursor, so no call is shown twice or skipped."""

from __future__ import annotations

import httpx

from sync.client import TlsOptions, _is_loopback, verify_context
from sync.walk_in_protocol import WalkInBoard, WalkInCall, WalkInCalls

WAIT_S = 15.0  # the long poll's wait (the gateway allows up to 20 s)


class FeedUnavailable(Exception):
    """The gateway did not answer (or answered with an error): the display says so."""


class CallFeed:
    def __init__(
        self,
        base_url: str,
        token: str,
        *,
        tls: TlsOptions | None = None,
        wait_s: float = WAIT_S,
        connect_timeout_s: float = 3.0,
    ) -> None:
        if not base_url.startswith("https://") and not _is_loopback(base_url):
            raise ValueError("the gateway must be reached over https (plain http: loopback only)")
        self._wait_s = wait_s
        self._http = httpx.Client(
            base_url=base_url.rstrip("/"),
            headers={"Authorization": f"Bearer {token}"},
            timeout=httpx.Timeout(wait_s + 10.0, connect=connect_timeout_s),
            verify=verify_context(tls or TlsOptions()),
        )
        self.cursor: int | None = None  # None until the first answer: then today's latest

    def close(self) -> None:
        self._http.close()

    def next_calls(self) -> tuple[list[WalkInCall], bool]:
        """The calls after the cursor (waiting for one up to the long poll's wait), oldest
        first, and whether they are the day's latest calls a starting display fills in (not
        announced). Raises ``FeedUnavailable``."""
        starting = self.cursor is None
        params: dict[str, float | int] = {}
        if not starting:
            assert self.cursor is not None
            params = {"after": self.cursor, "wait": self._wait_s}
        try:
            response = self._http.get("/v1/walk-in/calls", params=params)
            response.raise_for_status()
            page = WalkInCalls.model_validate_json(response.content)
        except (httpx.HTTPError, ValueError) as error:
            raise FeedUnavailable(type(error).__name__) from error
        self.cursor = page.cursor
        return page.calls, starting

    def board(self) -> WalkInBoard:
        """``GET /v1/walk-in``: per service how many wait and the estimate now."""
        try:
            response = self._http.get("/v1/walk-in")
            response.raise_for_status()
            return WalkInBoard.model_validate_json(response.content)
        except (httpx.HTTPError, ValueError) as error:
            raise FeedUnavailable(type(error).__name__) from error
