#!/usr/bin/env python3
"""VRPTW check beyond the five public Solomon files: variants built the way the Solomon
families are (same customers and demands, windows changed), solved by two `maraude`
binaries interleaved run by run (same seeds, same time window on a shared machine), every
solution checked here independently (windows, capacity, return, each customer once).

Variants of each of C101, C201, R101, R201, RC101 (seeded, reproducible):
  a  windows removed from half of the customers        (as R102-R104, C102-C104 do)
  b  windows widened 2 to 3 times around their centre  (as R105-R108, C105-C108 do)
  c  windows shifted by up to their half-width, a quarter removed
  d  windows removed from three quarters of the customers
  e  customers moved by up to 8 units, windows narrowed to 3/4
With --double, also one 200-customer instance per family (the Gehring & Homberger size):
  x2 every customer kept, plus a copy moved by up to 15 units with its window shifted by up
     to its half-width (the same demand and service and horizon; twice the vehicles)

Reference per instance: the published best known for the five originals, else the best
(fewest vehicles, then distance) found by any run of either binary, so gaps on variants
are lower bounds of the true gaps.

A reference run per instance (--ref-seconds S, the new binary, seed 99) joins the runs the
reference is taken from: a long run makes it closer to the true best.

Usage: bench/vrptw_variants.py --old OLD_MARAUDE --new NEW_MARAUDE [--seconds 2]
                               [--seeds 3] [--first-seed 1] [--originals] [--double]
                               [--only-double] [--ref-seconds S] [--out DIR]
"""
import argparse
import collections
import json
import math
import os
import random
import subprocess
import sys
import tempfile

BK = {"C101": (10, 828.94), "C201": (3, 591.56), "R101": (19, 1650.80), "R201": (4, 1252.37), "RC101": (14, 1696.95)}


def read(path):
    text = open(path).read().replace("\r", "").split("\n")
    cap, rows = None, []
    for line in text:
        t = line.split()
        if len(t) == 2 and cap is None and all(x.isdigit() for x in t):
            cap = (int(t[0]), int(t[1]))
        elif len(t) == 7 and t[0].isdigit():
            rows.append([float(x) for x in t])
    return text[0].strip(), cap, rows


def write(path, name, cap, rows):
    with open(path, "w") as f:
        f.write(f"{name}\r\n\r\nVEHICLE\r\nNUMBER     CAPACITY\r\n  {cap[0]}         {cap[1]}\r\n\r\nCUSTOMER\r\n")
        f.write("CUST NO.  XCOORD.   YCOORD.    DEMAND   READY TIME  DUE DATE   SERVICE   TIME\r\n\r\n")
        for r in rows:
            f.write("%5d %10g %10g %10g %10g %10g %10g\r\n" % tuple(r))


def variants(src_dir, out_dir, double=False, only_double=False):
    files, doubled = [], []
    for base in BK:
        name, cap, rows = read(os.path.join(src_dir, base + ".txt"))
        dep = rows[0]
        horizon = dep[5]

        def lim(r):
            d = math.hypot(r[1] - dep[1], r[2] - dep[2])
            return math.ceil(d), math.floor(horizon - d - r[6])

        for var, seed in [("a", 1), ("b", 2), ("c", 3), ("d", 4), ("e", 5)]:
            rnd = random.Random(sum(map(ord, base)) + seed * 7919)
            new = [dep[:]]
            for r in rows[1:]:
                r = r[:]
                lo, hi = lim(r)
                c, w = (r[4] + r[5]) / 2, (r[5] - r[4]) / 2
                if var == "a":
                    if rnd.random() < 0.5:
                        r[4], r[5] = 0, hi
                elif var == "b":
                    w *= rnd.uniform(2, 3)
                    r[4], r[5] = max(0, round(c - w)), min(hi, round(c + w))
                elif var == "c":
                    if rnd.random() < 0.25:
                        r[4], r[5] = 0, hi
                    else:
                        c += rnd.uniform(-w, w)
                        r[4], r[5] = max(0, round(c - w)), min(hi, round(c + w))
                elif var == "d":
                    if rnd.random() < 0.75:
                        r[4], r[5] = 0, hi
                else:
                    r[1] = min(100, max(0, r[1] + rnd.randint(-8, 8)))
                    r[2] = min(100, max(0, r[2] + rnd.randint(-8, 8)))
                    lo, hi = lim(r)
                    w *= 0.75
                    r[4], r[5] = max(0, round(c - w)), min(hi, round(c + w))
                if r[5] < max(lo, r[4]):  # keep every customer servable alone
                    r[4], r[5] = max(0, min(r[4], hi)), hi
                new.append(r)
            path = os.path.join(out_dir, f"{base}{var}.txt")
            write(path, base + var, cap, new)
            files.append(path)
        if double:
            rnd = random.Random(sum(map(ord, base)) + 6 * 7919)
            new = [r[:] for r in rows]
            for r in rows[1:]:
                r = r[:]
                r[0] = len(new)
                r[1] = min(100, max(0, r[1] + rnd.randint(-15, 15)))
                r[2] = min(100, max(0, r[2] + rnd.randint(-15, 15)))
                lo, hi = lim(r)
                c, w = (r[4] + r[5]) / 2, (r[5] - r[4]) / 2
                c += rnd.uniform(-w, w)
                r[4], r[5] = max(0, round(c - w)), min(hi, round(c + w))
                if r[5] < max(lo, r[4]):
                    r[4], r[5] = max(0, min(r[4], hi)), hi
                new.append(r)
            path = os.path.join(out_dir, f"{base}x2.txt")
            write(path, base + "x2", (cap[0] * 2, cap[1]), new)
            doubled.append(path)
    return files if not only_double else doubled, doubled


def check(path, sol):
    """Independent feasibility check; returns the recomputed distance."""
    _, cap, rows = read(path)
    nodes = {int(r[0]): r for r in rows}
    dep = nodes[0]
    seen, dist = set(), 0.0
    for route in sol["routes"]:
        t, load, prev = dep[4], 0.0, dep
        for i in route:
            if i == 0 or i in seen or i not in nodes:
                raise ValueError(f"{path}: customer {i} unknown or served twice")
            seen.add(i)
            c = nodes[i]
            d = math.hypot(c[1] - prev[1], c[2] - prev[2])
            dist += d
            t = max(t + d, c[4])
            if t > c[5] + 1e-6:
                raise ValueError(f"{path}: customer {i} served after its due date")
            t += c[6]
            load += c[3]
            prev = c
        d = math.hypot(dep[1] - prev[1], dep[2] - prev[2])
        dist += d
        if t + d > dep[5] + 1e-6 or load > cap[1] + 1e-9:
            raise ValueError(f"{path}: a route returns late or exceeds the capacity")
    if len(seen) != len(nodes) - 1:
        raise ValueError(f"{path}: {len(seen)} customers served of {len(nodes) - 1}")
    return dist


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--old", required=True)
    ap.add_argument("--new", required=True)
    ap.add_argument("--seconds", default="2")
    ap.add_argument("--seeds", type=int, default=3)
    ap.add_argument("--first-seed", type=int, default=1)
    ap.add_argument("--originals", action="store_true", help="also the five public files")
    ap.add_argument("--double", action="store_true", help="also a 200-customer instance per family")
    ap.add_argument("--only-double", action="store_true", help="only the 200-customer instances")
    ap.add_argument("--ref-seconds", default="0", help="a reference run per instance (new binary, seed 99)")
    ap.add_argument("--dir", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "bench", "solomon"))
    ap.add_argument("--out", default=None, help="folder for the variants (default: a temporary one)")
    a = ap.parse_args()
    out = a.out or tempfile.mkdtemp(prefix="vrptw_variants_")
    os.makedirs(out, exist_ok=True)
    files, doubled = variants(a.dir, out, a.double or a.only_double, a.only_double)
    if a.double and not a.only_double:
        files += doubled
    if a.originals:
        files = [os.path.join(a.dir, b + ".txt") for b in BK] + files
    bins = {"old": a.old, "new": a.new}
    res = collections.defaultdict(list)
    sol_path = os.path.join(out, "solution.json")
    print(f"load average: {open('/proc/loadavg').read().split()[:3]}, {a.seconds} s per run, seeds "
          f"{a.first_seed}..{a.first_seed + a.seeds - 1}, variants in {out}", flush=True)
    refs = {}
    for path in files:
        inst = os.path.basename(path)[:-4]
        if float(a.ref_seconds) > 0:
            subprocess.run([a.new, "solve", path, "--seconds", a.ref_seconds, "--seed", "99", "--out", sol_path],
                           check=True, capture_output=True)
            sol = json.load(open(sol_path))
            refs[inst] = (sol["vehicles"], check(path, sol))
        for seed in range(a.first_seed, a.first_seed + a.seeds):
            for tag, binary in bins.items():
                subprocess.run([binary, "solve", path, "--seconds", a.seconds, "--seed", str(seed), "--out", sol_path],
                               check=True, capture_output=True)
                sol = json.load(open(sol_path))
                res[(inst, tag)].append((sol["vehicles"], check(path, sol)))
    print("%-8s %-4s %-16s %7s %7s %8s %s" % ("instance", "bin", "reference", "mean %", "worst %", "spread %", "fleet = ref"))
    agg = {t: [0, 0, 0.0, -1e9, 0.0, 0] for t in bins}
    for path in files:
        inst = os.path.basename(path)[:-4]
        allr = res[(inst, "old")] + res[(inst, "new")] + ([refs[inst]] if inst in refs else [])
        ref = BK.get(inst, min(allr))
        for tag in bins:
            rs = res[(inst, tag)]
            gaps = [100 * (d - ref[1]) / ref[1] for v, d in rs if v == ref[0]]
            spread = 100 * (max(d for _, d in rs) - min(d for _, d in rs)) / ref[1] if len({v for v, _ in rs}) == 1 else 100.0
            print("%-8s %-4s %-16s %7s %7s %8.2f %d/%d%s" % (
                inst, tag, "%d / %.2f" % ref, "%.2f" % (sum(gaps) / len(gaps)) if gaps else "-",
                "%.2f" % max(gaps) if gaps else "-", spread, len(gaps), len(rs),
                "" if len(gaps) == len(rs) else "  vehicles " + ",".join(str(v) for v, _ in rs)))
            g = agg[tag]
            g[0] += len(gaps); g[1] += len(rs); g[2] += sum(gaps); g[3] = max([g[3]] + gaps); g[4] += spread; g[5] += 1
    for tag, g in agg.items():
        print(f"{tag}: fleet = reference on {g[0]}/{g[1]} runs; gap where it is: mean {g[2] / max(g[0], 1):.2f} %, "
              f"worst {g[3]:.2f} %; seed spread mean {g[4] / g[5]:.2f} %")
    return 0


if __name__ == "__main__":
    sys.exit(main())
