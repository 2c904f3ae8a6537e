"""The task force's report (issue 18): ``kiosk-app gateway report`` (docs/report.md).

figures.py aggregates ``usage_hourly`` into tables, suppression.py hides small cells,
charts.py draws, pdf.py and csv_out.py write, synthetic.py makes the demo's figures;
``build_report`` puts them together."""

from .build import BuiltReport, build_report
from .period import Period

__all__ = ["BuiltReport", "Period", "build_report"]
