"""Reports: HTML and PNG plots, pure functions of a RunLog."""

from redhanded.report.build import build_report, summary_json, summary_table

__all__ = ["build_report", "summary_json", "summary_table"]
