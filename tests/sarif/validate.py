"""Validates the SARIF log on stdin against OASIS's SARIF 2.1.0 schema beside
this file; prints each error with its JSON path and exits 1 on any."""
import json
import pathlib
import sys

import jsonschema

schema = json.loads((pathlib.Path(__file__).parent / "sarif-schema-2.1.0.json").read_text())
log = json.load(sys.stdin)
validator = jsonschema.Draft4Validator(schema)
errors = sorted(validator.iter_errors(log), key=lambda error: list(error.absolute_path))
for error in errors:
    path = "/".join(str(part) for part in error.absolute_path)
    print(f"{path or '(root)'}: {error.message}")
sys.exit(1 if errors else 0)
