from pathlib import Path

import pytest

from redhanded.errors import RedhandedError
from redhanded.forecast.io import load_mapping, parse_date, read_runs, read_trend_table


def _csv(tmp_path: Path, body: str) -> Path:
    p = tmp_path / "t.csv"
    p.write_text(body)
    return p


def test_csv_reader_with_ci_and_filter(tmp_path):
    p = _csv(
        tmp_path,
        "model,release_date,value,ci_low,ci_high,suite\n"
        "a,2024-01-01,1.5,1,2,x\nb,2024-06-01,3,2,4,x\nc,2024-06-01,9,8,10,y\n",
    )
    pts = read_trend_table(p, "value", where=["suite=x"])
    assert [(q.model, q.value, q.ci_low, q.ci_high) for q in pts] == [
        ("a", 1.5, 1.0, 2.0),
        ("b", 3.0, 2.0, 4.0),
    ]


def test_wrong_date_format_is_an_error(tmp_path):
    p = _csv(tmp_path, "model,release_date,value\na,03/14/2023,1\n")
    with pytest.raises(RedhandedError, match="YYYY-MM-DD"):
        read_trend_table(p, "value")
    with pytest.raises(RedhandedError, match="YYYY-MM-DD"):
        parse_date("2023-3-14", "--since")
    with pytest.raises(RedhandedError, match="calendar"):
        parse_date("2023-02-30", "--since")


def test_missing_metric_and_bad_number(tmp_path):
    p = _csv(tmp_path, "model,release_date,score\na,2023-01-01,x\n")
    with pytest.raises(RedhandedError, match="--metric"):
        read_trend_table(p, "p50")
    with pytest.raises(RedhandedError, match="not a number"):
        read_trend_table(p, "score")


def test_runs_reader_reports_line(tmp_path):
    p = tmp_path / "runs.jsonl"
    p.write_text(
        '{"alias":"a","task_id":"t","task_family":"f","human_minutes":2,"score_binarized":1}\n{"alias":"a"}\n'
    )
    with pytest.raises(RedhandedError, match="line 2"):
        read_runs(p)


def test_load_mapping_toml_and_yaml(tmp_path):
    (tmp_path / "a.toml").write_text("prior = 0.2\n")
    (tmp_path / "a.yaml").write_text("prior: 0.2\n")
    assert load_mapping(tmp_path / "a.toml") == {"prior": 0.2}
    assert load_mapping(tmp_path / "a.yaml") == {"prior": 0.2}
    (tmp_path / "b.toml").write_text("prior = \n")
    with pytest.raises(RedhandedError, match="TOML"):
        load_mapping(tmp_path / "b.toml")
