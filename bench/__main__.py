"""Run every benchmark (`make bench`): each bench/*_bench.py with a main() function.

Benchmarks print their figures; docs/benchmarks.md records them with the command used.
Select some with: python -m bench linkage regulations
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    wanted = set(argv)
    names = sorted(m.name for m in pkgutil.iter_modules([str(Path(__file__).parent)]) if m.name.endswith("_bench"))
    status = 0
    for name in names:
        if wanted and name.removesuffix("_bench") not in wanted:
            continue
        print(f"\n=== {name} ===", flush=True)
        module = importlib.import_module(f"bench.{name}")
        status |= int(module.main([]) or 0)
    return status


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
