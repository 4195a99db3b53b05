"""The one exception type that the CLI turns into a one-line message and exit code 2."""

__all__ = ["RedhandedError"]


class RedhandedError(Exception):
    """A problem with the user's input or environment.

    The message is one line that names the problem and the fix, e.g.
    ``"layer 40 does not exist: the model has layers 0-29; pass --layers within that range"``.
    """
