#!/usr/bin/env python3
"""Print the last `cargo bench -p fgs-benches` run as a Markdown table.

Reads criterion's results under target/criterion and prints, for every benchmark, the median
time per iteration, the throughput over the input bytes (decimal units: 1 GB/s = 10^9 bytes
per second) and the ratio of its median to the `serde_plain` and `serde_value` medians of the
same group, which come from the same run.

Usage: python3 benches/report.py [CRITERION_DIR]   (default: target/criterion)
"""

import json
import sys
from pathlib import Path

VARIANTS = ["contract", "contract_borrowed", "serde_plain", "serde_value"]
# The order of benches/model.rs; groups not listed follow in name order.
GROUPS = [
    "show_event_documented",
    "show_event_float_seconds",
    "show_event_4k",
    "show_event_16k",
    "show_event_1m",
    "list_events_10",
    "error_body",
    "content_decode_16k",
    "urn_parse",
    "path_parse_raw_colons",
    "path_parse_percent_colons",
    "sign_show_event",
]


def rank(name: str, order: list) -> int:
    return order.index(name) if name in order else len(order)


def format_time(ns: float) -> str:
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.2f} µs"
    return f"{ns:.0f} ns"


def format_throughput(bytes_per_iteration: int, ns: float) -> str:
    bytes_per_second = bytes_per_iteration / ns * 1e9
    if bytes_per_second >= 1e9:
        return f"{bytes_per_second / 1e9:.2f} GB/s"
    return f"{bytes_per_second / 1e6:.0f} MB/s"


def read_results(root: Path) -> dict:
    """Return {group: {variant: (median_ns, bytes)}} for every benchmark under root."""
    groups: dict = {}
    for benchmark_file in sorted(root.glob("*/*/new/benchmark.json")):
        benchmark = json.loads(benchmark_file.read_text())
        estimates = json.loads((benchmark_file.parent / "estimates.json").read_text())
        throughput = benchmark.get("throughput") or {}
        groups.setdefault(benchmark["group_id"], {})[benchmark["function_id"]] = (
            estimates["median"]["point_estimate"],
            throughput.get("Bytes", 0),
        )
    return groups


def main() -> int:
    root = Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    groups = read_results(root)
    if not groups:
        print(f"report.py: no criterion results under `{root}`", file=sys.stderr)
        print("hint: run `cargo bench -p fgs-benches` first", file=sys.stderr)
        return 1

    print("| benchmark | input | median | throughput | ÷ serde_plain | ÷ serde_value |")
    print("|---|---:|---:|---:|---:|---:|")
    for group in sorted(groups, key=lambda name: (rank(name, GROUPS), name)):
        variants = groups[group]
        plain = variants.get("serde_plain", (None, 0))[0]
        value = variants.get("serde_value", (None, 0))[0]
        for variant in sorted(variants, key=lambda name: (rank(name, VARIANTS), name)):
            median, size = variants[variant]
            to_plain = f"{median / plain:.2f}" if plain else "–"
            to_value = f"{median / value:.2f}" if value else "–"
            print(
                f"| `{group}/{variant}` | {size} B | {format_time(median)} | "
                f"{format_throughput(size, median)} | {to_plain} | {to_value} |"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
