"""``python -m annotkit`` runs the command line."""

from annotkit.cli import main

main()
