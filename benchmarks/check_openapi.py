"""Do the OpenAPI documents written for the corpus validate and load where users take them?

Usage::

    .venv/bin/python benchmarks/check_openapi.py DIR

DIR is a folder kept by ``bench_mock_examples.py --keep DIR`` (or
``bench_accuracy.py --keep DIR``): one ``FORMAT-SVC/openapi.json`` per corpus
set. Each document is checked with openapi-spec-validator (the ``test`` extra)
and loaded operation by operation in Schemathesis (the ``bench`` extra), the
two tools the README names. Prints one line per set and a total; exit status 1
when a document is invalid or an operation fails to load, 2 when DIR holds no
document.

Not responsible for extracting (the kept folders come from the benchmarks that
extract) or for judging the schemas' content.
"""

from __future__ import annotations

import argparse
import json
import sys
import warnings
from pathlib import Path
from typing import Any

_METHODS = {"get", "put", "post", "delete", "patch", "head", "options", "trace"}


def check(doc: dict[str, Any]) -> tuple[int, str | None, int, list[str]]:
    """Operations, the validator's complaint (None: valid), operations loaded, load errors."""
    import schemathesis
    from openapi_spec_validator import validate

    operations = sum(1 for item in doc.get("paths", {}).values() for key in item if key in _METHODS)
    try:
        validate(doc)
        problem = None
    except Exception as exc:  # noqa: BLE001 - every validator error is reported, not raised
        problem = str(exc).splitlines()[0][:300]
    loaded, errors = 0, []
    for result in schemathesis.openapi.from_dict(doc).get_all_operations():
        try:
            result.ok()
            loaded += 1
        except Exception as exc:  # noqa: BLE001 - an operation Schemathesis cannot load is a finding
            errors.append(str(exc).splitlines()[0][:300])
    return operations, problem, loaded, errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("kept", type=Path, help="a folder of FORMAT-SVC/openapi.json (bench_mock_examples --keep)")
    args = parser.parse_args()
    documents = sorted(args.kept.glob("*/openapi.json"))
    if not documents:
        sys.exit(f"check_openapi: no */openapi.json under {args.kept}")
    warnings.simplefilter("ignore")
    invalid = failed = total = 0
    for path in documents:
        operations, problem, loaded, errors = check(json.loads(path.read_text(encoding="utf-8")))
        total += operations
        invalid += problem is not None
        failed += len(errors)
        print(f"{path.parent.name:20} operations {operations:4}  openapi-spec-validator: "
              f"{'valid' if problem is None else 'INVALID ' + problem}  schemathesis: {loaded} loaded, "
              f"{len(errors)} failed")
        for error in errors:
            print(f"    {error}")
    print(f"{len(documents)} documents, {total} operations: {invalid} invalid, {failed} operations Schemathesis "
          "could not load")
    sys.exit(1 if invalid or failed else 0)


if __name__ == "__main__":
    main()
