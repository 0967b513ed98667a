"""The capacity plan as an operator runs it: `python -m bench.capacity`
names both regions, needs more processes when one process serves fewer
turns, and refuses a throughput of zero or less with a clear message."""
from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bench.capacity", *args], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)


def processes(out: str, region: str) -> list[int]:
    """The 'processes to run' row (low, expected, high) under a region's heading."""
    section = out.split(f"\n{region} (")[1]
    row = re.search(r"processes to run\s+([\d,]+)\s+([\d,]+)\s+([\d,]+)", section)
    return [int(n.replace(",", "")) for n in row.groups()]


def test_the_plan_names_quanzhou_and_fujian_with_their_peak(tmp_path):
    out_file = tmp_path / "plan.json"
    done = run("--json", str(out_file))
    assert done.returncode == 0, done.stderr
    assert "Quanzhou (" in done.stdout and "Fujian (" in done.stdout
    assert "peak turns/s" in done.stdout
    figures = json.loads(out_file.read_text(encoding="utf-8"))["results"]
    # All of Fujian is busier than Quanzhou alone, in every scenario.
    for scenario in ("low", "expected", "high"):
        assert figures["Fujian"][scenario]["peak turns/s"] > figures["Quanzhou"][scenario]["peak turns/s"]


def test_fewer_turns_per_process_need_more_processes():
    fast, slow = run("--turns-per-process", "300"), run("--turns-per-process", "20")
    assert fast.returncode == slow.returncode == 0
    for region in ("Quanzhou", "Fujian"):
        before, after = processes(fast.stdout, region), processes(slow.stdout, region)
        assert all(b <= a for b, a in zip(before, after))
        assert after[2] > before[2]  # the high scenario at least


@pytest.mark.parametrize("value", ["0", "-5"])
def test_zero_or_negative_throughput_is_refused(value):
    done = run("--turns-per-process", value)
    assert done.returncode == 2
    assert "--turns-per-process" in done.stderr and "above 0" in done.stderr
    assert done.stdout == ""
