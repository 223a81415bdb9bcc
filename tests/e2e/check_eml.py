#!/usr/bin/env python3
"""Checks exported .eml files with Python's own mail parser (standard library only).

Usage: check_eml.py PATH [PATH ...]

Each PATH is an .eml file, an .mbox file (mboxrd: each message is unquoted and checked), or a
directory searched recursively for *.eml, *.mbox and Maildir messages (files in cur/ and new/).
A message fails when
the parser reports a defect on the message or on any part of it, or when the content of a
non-multipart part (body or attachment) cannot be decoded. Prints one line per failure, then
"N passed, M failed"; exits 1 when anything failed or no message was found, 2 on bad usage.
"""

import email.policy
import mailbox
import re
import sys
from email.parser import BytesParser
from pathlib import Path


def is_maildir_message(p):
    return p.is_file() and p.parent.name in ("cur", "new")


def mbox_messages(path):
    """(label, bytes) of each message of an mboxrd file, unquoted (one '>' less on >From lines)."""
    box = mailbox.mbox(str(path), create=False)
    for index, key in enumerate(box.keys()):
        raw = box.get_bytes(key)
        raw = re.sub(rb"(?m)^>(>*From )", rb"\1", raw)
        yield f"{path}#{index}", raw


def messages(paths):
    """(label, bytes) of every message found under the paths."""
    for arg in paths:
        path = Path(arg)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*")
                           if p.is_file() and (p.suffix in (".eml", ".mbox")
                                               or is_maildir_message(p)))
        else:
            files = [path]
        for f in files:
            if f.suffix == ".mbox":
                yield from mbox_messages(f)
            else:
                try:
                    yield str(f), f.read_bytes()
                except OSError as error:
                    yield str(f), error


def part_label(index, part):
    return f"part {index} ({part.get_content_type()})"


def problems_of(data):
    """Returns the list of problems found in one message (empty when it is clean)."""
    if isinstance(data, OSError):
        return [f"cannot read: {data}"]
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
    for path, data in messages(argv):
        problems = problems_of(data)
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
