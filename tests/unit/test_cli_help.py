"""The CLI's help texts show their defaults literally (a "[...]" is not eaten as rich markup)."""

from __future__ import annotations

from typer.testing import CliRunner

from redhanded.cli import app


def test_bracketed_defaults_survive_in_help() -> None:
    runner = CliRunner()
    train = runner.invoke(app, ["organism", "train", "--help"], terminal_width=200)
    assert train.exit_code == 0, train.output
    assert "[organisms/BEHAVIOR]" in train.output
    # the docstring's mention, and every training setting the recipe holds (TrainRecipe's fields but alpha
    # and grouped, which have no option)
    from redhanded.organisms import TrainRecipe

    assert train.output.count("[recipe]") == 1 + len(TrainRecipe.model_fields) - 2
    probe = runner.invoke(app, ["probe", "train", "--help"], terminal_width=200)
    assert "e.g. 2-30:2 [every 2nd]" in probe.output
    trend = runner.invoke(app, ["forecast", "--help"], terminal_width=200)
    assert trend.exit_code == 0 and "Forecasts that need no model" in trend.output
