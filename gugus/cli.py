"""The ``gugus`` command: what an operator does, without the web interface.

Each app that offers commands has a ``cli.py`` with ``register(subparsers)``; a command's
handler receives the parsed arguments and returns an exit code. Handlers that need the
database declare ``needs_django=True``; those that don't (the linkage engine, the regulation
workbench on files) run without configuring Django.
"""

from __future__ import annotations

import argparse
import importlib
import os
import sys

COMMAND_MODULES = [
    "gugus.core.cli",
    "gugus.accounts.cli",
    "gugus.organisations.cli",
    "gugus.audit.cli",
    "gugus.functions.cli",
    "gugus.cases.cli",
    "gugus.linkage.cli",
    "gugus.regulations.cli",
    "gugus.budgets.cli",
    "gugus.meetings.cli",
    "gugus.referrals.cli",
    "gugus.identity.cli",
    "gugus.exchange.cli",
    "gugus.reports.cli",
    "gugus.legal.cli",
    "gugus.ops.cli",
]


def setup_django() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "gugus.settings")
    import django

    django.setup()


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="gugus", description="Gugus: the anti-trafficking task force's system")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in COMMAND_MODULES:
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as error:
            if error.name and module_name.startswith(error.name):
                continue  # this app has no commands yet
            raise
        module.register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return 2
    if getattr(args, "needs_django", True):
        from django.core.exceptions import ImproperlyConfigured

        try:
            setup_django()
        except ImproperlyConfigured as error:
            # One line, what to set, no traceback (issue: `gugus stats` after `make demo`).
            print(
                f"gugus: cannot start: {error}. On the demo database, run it as GUGUS_ENV=demo gugus ...; "
                "in production, set the variables listed in the README (Configuration).",
                file=sys.stderr,
            )
            return 2
    try:
        return int(handler(args) or 0)
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
