"""What the ``real_counter`` fixture (conftest.py) hands a test."""

from __future__ import annotations

from dataclasses import dataclass

from gateway_harness import RunningGateway

from kiosk_app.config import KioskConfig
from kiosk_app.core.demo_cases import DemoCase
from kiosk_app.counter.cache import CounterCache
from kiosk_app.counter.desk import CounterDesk
from kiosk_app.counter.sync import CounterSync
from kiosk_app.counter_qt.app import CounterUi


@dataclass
class RealCounter:
    """The counter's screens over a CounterDesk enrolled at ``gateway``, its sync running."""

    ui: CounterUi
    desk: CounterDesk
    cache: CounterCache
    sync: CounterSync
    gateway: RunningGateway
    cases: list[DemoCase]
    settings: KioskConfig
