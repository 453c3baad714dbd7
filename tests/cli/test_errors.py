"""Every command answers bad input with one line and a non-zero exit, never a traceback."""

from __future__ import annotations

from tests.cli.conftest import one_line, run_process


def test_an_unknown_command_is_one_line(baomi):
    result = baomi("frobnicate")
    assert result.code == 1
    assert one_line(result.err) == "baomi: error: unknown command 'frobnicate' (see 'baomi help')"


def test_a_django_command_with_bad_arguments_is_one_line(baomi):
    result = baomi("migrate", "--no-such-option")
    assert result.code == 2
    assert one_line(result.err).startswith("baomi migrate: error: unrecognized arguments")


def test_help_lists_baomis_commands(baomi):
    result = baomi("help")
    assert result.code == 0
    for command in ("serve", "rules", "audit", "token", "demo"):
        assert f"    {command}\n" in result.out


def test_a_failure_inside_a_command_is_one_line_without_traceback(tmp_path):
    """A database that cannot be opened is an error line, not a stack trace."""
    missing = tmp_path / "no" / "such" / "dir" / "baomi.sqlite3"
    result = run_process("audit", "verify", env={"BAOMI_DATABASE_URL": f"sqlite:///{missing}"})
    assert result.code == 1
    assert one_line(result.err).startswith("baomi: error: OperationalError:")
