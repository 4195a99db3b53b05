"""Reports: HTML pages (Jinja2 templates, autoescape on) and PNG plots, pure functions of a typed RunLog."""

from redhanded.report.build import build_report, rebuild_report
from redhanded.report.summary import honeypot_summary, summary_json, summary_table

__all__ = ["build_report", "honeypot_summary", "rebuild_report", "summary_json", "summary_table"]
