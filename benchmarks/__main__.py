"""Run every benchmark: `python -m benchmarks [ingest|metrics|review|growth|pages|concurrency ...] [--quick]`."""

from __future__ import annotations

import importlib
import sys

SUITES = ("ingest", "metrics", "explain", "review", "growth", "concurrency")  # growth prints the pages' table too


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    wanted = [a for a in argv if not a.startswith("-")] or list(SUITES)
    failed = []
    for name in wanted:
        try:
            module = importlib.import_module(f"benchmarks.bench_{name}")
        except ModuleNotFoundError as exc:
            print(f"[{name}] skipped: {exc}")
            continue
        print(f"\n=== {name} ===", flush=True)
        ok = module.main(quick=quick)
        if ok is False:
            failed.append(name)
    if failed:
        print(f"\nTargets missed: {', '.join(failed)}")
        return 1
    print("\nAll benchmark targets met.")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
