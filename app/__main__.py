"""``python -m app`` is the ``bastide`` command (used to start the worker process)."""

from app.cli import main

main()
