"""The counter application's Qt-free core: its encrypted cache, CounterDesk and CounterSync."""
