#!/usr/bin/env python3
"""Prints, as JSON, every .eml below a folder (relative path) with the file names of its
attachments as a mail reader sees them (RFC 2231 / RFC 2047 decoded by Python's email package).
Used by test_cli_hostile_names.cpp to check that each original attachment name survives."""
import email
import email.policy
import json
import pathlib
import sys

root = pathlib.Path(sys.argv[1])
names = {}
for path in sorted(root.rglob("*.eml")):
    with open(path, "rb") as f:
        message = email.message_from_binary_file(f, policy=email.policy.default)
    names[str(path.relative_to(root))] = [
        part.get_filename() for part in message.walk() if part.get_filename() is not None
    ]
json.dump(names, sys.stdout, ensure_ascii=True)
