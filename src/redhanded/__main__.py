"""``python -m redhanded``."""

from redhanded.cli import main

main()
