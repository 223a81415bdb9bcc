#!/usr/bin/env python3
"""Validates report.json files against docs/report.schema.json (JSON Schema 2020-12).

Usage: validate_report.py SCHEMA REPORT.json...
Exit 0 when every report is valid, 1 when one is not, 2 when jsonschema is missing (Debian
package python3-jsonschema, installed by scripts/setup.sh): the calling test fails then.
"""
import json
import sys

try:
    import jsonschema
except ImportError:
    print("python3-jsonschema is not installed (scripts/setup.sh installs it)", file=sys.stderr)
    sys.exit(2)


def main(argv):
    with open(argv[1], encoding="utf-8") as f:
        schema = json.load(f)
    jsonschema.Draft202012Validator.check_schema(schema)
    validator = jsonschema.Draft202012Validator(schema)
    bad = 0
    for path in argv[2:]:
        with open(path, encoding="utf-8") as f:
            report = json.load(f)
        for error in validator.iter_errors(report):
            bad += 1
            where = "/".join(str(p) for p in error.absolute_path)
            print(f"{path}: /{where}: {error.message}", file=sys.stderr)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
