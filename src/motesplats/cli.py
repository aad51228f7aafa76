"""The `motesplats` console script.

Each subcommand lives in its own module and is imported only when used, so the
engine commands start without loading Django.

    motesplats mdgp solve PATH --seconds S --seed N
    motesplats rounds solve --tables G --size P --rounds W
    motesplats tables PEOPLE.csv --tables M
    motesplats speed PEOPLE.csv --rounds R
    motesplats discover PORTFOLIO.json
    motesplats manage ARGS...        (Django's manage.py)
"""

from __future__ import annotations

import importlib
import os
import sys

COMMANDS: dict[str, tuple[str, str]] = {
    "mdgp": ("optimiser.cli", "Maximally diverse grouping: solve MDGPLIB instances, run the benchmark"),
    "rounds": ("optimiser.cli", "Several rounds of tables with as few repeated pairs as possible"),
    "tables": ("optimiser.cli", "Round tables for a seminar from a PEOPLE.csv"),
    "speed": ("optimiser.cli", "Speed-dating rounds for a seminar from a PEOPLE.csv"),
    "discover": ("motesplats.discovery.cli", "Related projects and data matches in a portfolio file"),
    "manage": ("motesplats.cli", "Run a Django management command"),
}


def manage_main(argv: list[str]) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "motesplats.settings.dev")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["motesplats manage", *argv])
    return 0


def usage() -> str:
    lines = ["usage: motesplats COMMAND [ARGS...]", "", "commands:"]
    lines += [f"  {name:<10} {help_text}" for name, (_, help_text) in COMMANDS.items()]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if not args or args[0] in {"-h", "--help", "help"}:
        print(usage())
        return 0
    name, rest = args[0], args[1:]
    if name not in COMMANDS:
        print(f"motesplats: unknown command {name!r}\n\n{usage()}", file=sys.stderr)
        return 2
    if name == "manage":
        return manage_main(rest)
    module = importlib.import_module(COMMANDS[name][0])
    entry = getattr(module, f"{name}_main")
    return int(entry(rest) or 0)


if __name__ == "__main__":
    sys.exit(main())
