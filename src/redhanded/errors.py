"""The exceptions the CLI turns into one line: ``error: ...`` (exit 2), ``interrupted: ...`` (130)."""

__all__ = ["Interrupted", "RedhandedError"]


class RedhandedError(Exception):
    """A problem with the user's input or environment.

    The message is one line that names the problem and the fix, e.g.
    ``"layer 40 does not exist: the model has layers 0-29; pass --layers within that range"``.
    """


class Interrupted(BaseException):
    """The user pressed Ctrl-C; the message says what was kept and how to resume.

    A ``BaseException`` like ``KeyboardInterrupt`` (so ``except Exception`` never swallows it),
    but not a subclass of it, so that command-line frameworks that turn ``KeyboardInterrupt``
    into an exit code pass it through to the CLI, which prints ``interrupted: <message>`` and
    exits with code 130.
    """
