#!/usr/bin/env python3
"""Checks exported .eml files with Python's own mail parser (standard library only).

Usage: check_eml.py PATH [PATH ...]

Each PATH is an .eml file or a directory searched recursively for *.eml. A message fails when
the parser reports a defect on the message or on any part of it, or when the content of a
non-multipart part (body or attachment) cannot be decoded. Prints one line per failure, then
"N passed, M failed"; exits 1 when anything failed or no message was found, 2 on bad usage.
"""

import email.policy
import sys
from email.parser import BytesParser
from pathlib import Path


def eml_files(paths):
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*.eml") if p.is_file())
        else:
            yield path


def part_label(index, part):
    return f"part {index} ({part.get_content_type()})"


def problems_of(path):
    """Returns the list of problems found in one message file (empty when it is clean)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        return [f"cannot read: {error}"]
    try:
        message = BytesParser(policy=email.policy.default).parsebytes(data)
    except Exception as error:  # the parser should never raise; report it if it does
        return [f"parser raised {type(error).__name__}: {error}"]

    problems = []
    for index, part in enumerate(message.walk()):
        label = "message" if index == 0 else part_label(index, part)
        if not part.is_multipart():
            # Decode first: the decoders add what they find (bad base64, ...) to part.defects.
            try:
                part.get_content()
            except Exception as error:
                problems.append(
                    f"{label}: content cannot be decoded: {type(error).__name__}: {error}")
        for defect in part.defects:
            problems.append(f"{label}: {type(defect).__name__}: {defect}")
        for name, value in part.items():
            for defect in getattr(value, "defects", ()):
                problems.append(f"{label}: header {name}: {type(defect).__name__}: {defect}")
    return problems


def main(argv):
    if not argv:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    passed = failed = 0
    for path in eml_files(argv):
        problems = problems_of(path)
        if problems:
            failed += 1
            print(f"FAIL {path}")
            for problem in problems:
                print(f"  {problem}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
