"""What every route needs: the settings and the database engine of this app instance."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from fastapi import Request
from sqlalchemy import Engine

from .settings import GatewaySettings


@dataclass(frozen=True)
class GatewayContext:
    settings: GatewaySettings
    engine: Engine

    def now(self) -> datetime:
        # In UTC whatever zone the clock reads in: the database stores naive UTC instants.
        return self.settings.clock().astimezone(UTC)


def get_context(request: Request) -> GatewayContext:
    context = request.app.state.gateway
    assert isinstance(context, GatewayContext)
    return context
