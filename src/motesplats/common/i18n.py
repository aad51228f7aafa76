"""Compile and check the gettext catalogues without needing GNU gettext on the machine.

    python -m motesplats.common.i18n compile   # every locale/*/LC_MESSAGES/*.po -> .mo
    python -m motesplats.common.i18n check     # list untranslated or fuzzy entries; exit 1 if any
    python -m motesplats.common.i18n update src/motesplats/APP   # makemessages for sv and en in one app

Source strings are written in Swedish (the service is Swedish first); `locale/sv` therefore maps each
string to itself and `locale/en` holds the English translations. Each app keeps its own catalogues.
"""

from __future__ import annotations

import sys
from pathlib import Path

import polib

PACKAGE_DIR = Path(__file__).resolve().parent.parent


def catalogues(root: Path = PACKAGE_DIR) -> list[Path]:
    return sorted(root.glob("**/locale/*/LC_MESSAGES/*.po"))


def compile_all(root: Path = PACKAGE_DIR) -> int:
    count = 0
    for po_path in catalogues(root):
        mo_path = po_path.with_suffix(".mo")
        if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
            continue
        polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
        count += 1
    return count


def fill_swedish(root: Path = PACKAGE_DIR) -> None:
    """Swedish is the source language: its catalogue maps each string to itself."""
    for po_path in catalogues(root):
        if po_path.parent.parent.name != "sv":
            continue
        catalogue = polib.pofile(str(po_path))
        changed = False
        for entry in catalogue:
            if entry.msgid_plural and not any(entry.msgstr_plural.values()):
                entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                changed = True
            elif not entry.msgid_plural and not entry.msgstr:
                entry.msgstr = entry.msgid
                changed = True
            if "fuzzy" in entry.flags:  # a guess from a similar string: Swedish is the string itself
                entry.flags.remove("fuzzy")
                if entry.msgid_plural:
                    entry.msgstr_plural = {0: entry.msgid, 1: entry.msgid_plural}
                else:
                    entry.msgstr = entry.msgid
                changed = True
        if changed:
            catalogue.save()


def update(app_dir: Path) -> None:
    """Run makemessages for Swedish and English inside one app, then fill the Swedish catalogue."""
    import os
    import subprocess

    (app_dir / "locale").mkdir(exist_ok=True)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": os.environ.get("DJANGO_SETTINGS_MODULE", "motesplats.settings.dev")}
    subprocess.run(  # noqa: S603
        [sys.executable, "-P", "-m", "django", "makemessages", "-l", "sv", "-l", "en", "--no-location", "--no-obsolete"],
        cwd=app_dir, env=env, check=True,
    )
    fill_swedish(app_dir)


def missing(root: Path = PACKAGE_DIR) -> list[tuple[Path, str]]:
    """Entries of the Swedish and English catalogues that are untranslated or fuzzy.

    Both languages must be complete: Swedish maps to itself, English is translated.
    """
    problems = []
    for po_path in catalogues(root):
        for entry in polib.pofile(str(po_path)):
            if entry.obsolete:
                continue
            if "fuzzy" in entry.flags or not entry.translated():
                problems.append((po_path, entry.msgid))
    return problems


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "compile"
    if command == "compile":
        print(f"compiled {compile_all()} catalogue(s)")
        return 0
    if command == "update":
        for app_dir in argv[1:]:
            update(Path(app_dir).resolve())
        return 0
    if command == "check":
        problems = missing()
        for path, msgid in problems:
            print(f"{path.relative_to(PACKAGE_DIR)}: {msgid!r}")
        return 1 if problems else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
