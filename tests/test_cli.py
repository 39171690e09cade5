from typer.testing import CliRunner

from pipeline.cli import app


def test_stage_out_of_order_is_a_one_line_error(tmp_path):
    result = CliRunner().invoke(app, ["export", "--out", str(tmp_path)])
    assert result.exit_code == 2
    assert "run the previous stage first" in result.output
    assert "Traceback" not in result.output


def test_unknown_csv_dialect_is_refused_before_work(tmp_path):
    result = CliRunner().invoke(app, ["export", "--out", str(tmp_path), "--csv-dialect", "tsv"])
    assert result.exit_code == 2
    assert "rfc4180" in result.output


def test_every_command_has_help_with_an_example():
    runner = CliRunner()
    for command in (["extract"], ["clean"], ["annotate"], ["entities"], ["quotes"], ["export"],
                    ["evaluate", "ner"], ["evaluate", "syntax"], ["evaluate", "quotes"]):
        result = runner.invoke(app, [*command, "--help"])
        assert result.exit_code == 0 and "Example:" in result.output, command
