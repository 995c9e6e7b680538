#!/usr/bin/env python3
"""Independent expectations for Maraude's road graph, computed from the raw OSM extract
with pyosmium (no Maraude code): per profile, the total length of the routable ways, the
length and number of one-way pieces (ways cut at junctions), and a sample of one-way ways
to look up in `maraude roads export-edges`.

Lengths are planar Lambert-93 (EPSG:2154) lengths, projected here with the Lambert
conformal conic formulas (IGN NTG_71) written out below, not with PROJ.

Usage: osm_expected.py EXTRACT.osm.pbf PROFILES.ini [--sample N] [--check-edges PROFILE EDGES.csv]
Prints one JSON object on stdout.
"""
import csv
import json
import math
import random
import re
import sys

import osmium

# --- Lambert-93: GRS80, standard parallels 44 and 49 N, origin 46.5 N 3 E, false origin (700000, 6600000)
A = 6378137.0
F = 1 / 298.257222101
E = math.sqrt(2 * F - F * F)
LAT1, LAT2, LAT0, LON0 = map(math.radians, (44.0, 49.0, 46.5, 3.0))
X0, Y0 = 700000.0, 6600000.0


def _m(phi):
    return math.cos(phi) / math.sqrt(1 - (E * math.sin(phi)) ** 2)


def _t(phi):
    es = E * math.sin(phi)
    return math.tan(math.pi / 4 - phi / 2) / ((1 - es) / (1 + es)) ** (E / 2)


N = (math.log(_m(LAT1)) - math.log(_m(LAT2))) / (math.log(_t(LAT1)) - math.log(_t(LAT2)))
FF = _m(LAT1) / (N * _t(LAT1) ** N)
RHO0 = A * FF * _t(LAT0) ** N


def l93(lon, lat):
    rho = A * FF * _t(math.radians(lat)) ** N
    theta = N * (math.radians(lon) - LON0)
    return X0 + rho * math.sin(theta), Y0 + RHO0 - rho * math.cos(theta)


# --- Profile rules (the OSM conventions documented in data/geo/road_profiles.ini / README)
DENY = {"no", "private", "agricultural", "forestry", "agricultural;forestry", "forestry;agricultural", "military"}


def read_profiles(path):
    car, foot = {}, {}
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if "=" not in line:
            continue
        key, val = (s.strip() for s in line.split("=", 1))
        parts = val.split()
        if len(parts) == 3:  # class = car_urban car_rural foot(oui/non)
            car[key] = float(parts[0]) > 0
            foot[key] = parts[2] in ("oui", "yes", "1")
    return car, foot


def first(tags, keys):
    for k in keys:
        if k in tags:
            return tags[k]
    return None


def car_dirs(cls, tags, car_ok):
    if not car_ok.get(cls, False):
        return None
    if first(tags, ("motorcar", "motor_vehicle", "vehicle", "access")) in DENY:
        return None
    ow = tags.get("oneway")
    if ow in ("yes", "1", "true"):
        return (True, False)
    if ow in ("-1", "reverse"):
        return (False, True)
    if ow == "reversible":
        return None
    if ow in ("no", "0", "false", "alternating"):
        return (True, True)
    implied = tags.get("junction") in ("roundabout", "circular") or cls in ("motorway", "motorway_link")
    return (True, not implied)


def foot_dirs(cls, tags, foot_ok):
    ok = foot_ok.get(cls, False)
    if not ok and tags.get("foot") in ("yes", "designated", "permissive") and cls not in ("motorway", "motorway_link"):
        ok = True
    if not ok or first(tags, ("foot", "access")) in DENY:
        return None
    return (True, True)


class Ways(osmium.SimpleHandler):
    def __init__(self, classes):
        super().__init__()
        self.classes = classes
        self.ways = []  # (id, tags dict, [(node id, x, y)])
        self.missing = 0

    def way(self, w):
        hw = w.tags.get("highway")
        if hw not in self.classes:
            return
        nodes = []
        for n in w.nodes:
            if not n.location.valid():
                self.missing += 1
                nodes.append(None)
                continue
            x, y = l93(n.location.lon, n.location.lat)
            nodes.append((n.ref, x, y))
        self.ways.append((w.id, {t.k: t.v for t in w.tags}, nodes))


def runs(nodes):
    """Pieces of consecutive present nodes (a way is cut where a node is missing)."""
    cur = []
    for n in nodes:
        if n is None:
            if len(cur) >= 2:
                yield cur
            cur = []
        else:
            cur.append(n)
    if len(cur) >= 2:
        yield cur


def expectations(ways, dirs_of):
    routable = []
    for wid, tags, nodes in ways:
        d = dirs_of(tags["highway"], tags)
        if d is None or not (d[0] or d[1]):
            continue
        for r in runs(nodes):
            routable.append((wid, d, r))
    # Junctions: a piece's ends, and any node used twice among the routable pieces.
    use = {}
    for _, _, r in routable:
        for n in r:
            use[n[0]] = use.get(n[0], 0) + 1
    total = oneway_len = 0.0
    oneway_pieces = pieces = 0
    for _, d, r in routable:
        piece = 0.0
        for k in range(1, len(r)):
            piece += math.hypot(r[k][1] - r[k - 1][1], r[k][2] - r[k - 1][2])
            if k == len(r) - 1 or use[r[k][0]] > 1:  # a junction closes the piece
                if piece > 0:
                    pieces += 1
                    total += piece
                    if d[0] != d[1]:
                        oneway_pieces += 1
                        oneway_len += piece
                piece = 0.0
    return {"ways": len(routable), "length_m": total, "pieces": pieces,
            "oneway_pieces": oneway_pieces, "oneway_length_m": oneway_len}, routable


def check_edges(routable, edges_path, sample, rng):
    """Each sampled one-way way: its first step must lie in one segment of the export,
    allowed in the way's driving direction only."""
    cells = {}  # metre cell of a step's first point -> [(a, b, allowed a->b, allowed b->a)]
    with open(edges_path, newline="") as f:
        for row in csv.DictReader(f):
            pts = [tuple(map(float, p.split())) for p in re.sub(r"^LINESTRING\(|\)$", "", row["wkt"]).split(",")]
            fwd, bwd = float(row["cost"]) >= 0, float(row["reverse_cost"]) >= 0
            for k in range(1, len(pts)):
                a, b = pts[k - 1], pts[k]
                cells.setdefault((math.floor(a[0]), math.floor(a[1])), []).append((a, b, fwd, bwd))
                cells.setdefault((math.floor(b[0]), math.floor(b[1])), []).append((b, a, bwd, fwd))

    def near(p, q):
        return abs(p[0] - q[0]) < 0.01 and abs(p[1] - q[1]) < 0.01

    def lookup(a, b):
        found = []
        for dx in (-1, 0, 1):
            for dy in (-1, 0, 1):
                for (p, q, f, r) in cells.get((math.floor(a[0]) + dx, math.floor(a[1]) + dy), []):
                    if near(p, a) and near(q, b):
                        found.append((f, r))
        return found

    oneways = [(wid, d, r) for wid, d, r in routable if d[0] != d[1]]
    picked = rng.sample(oneways, min(sample, len(oneways)))
    bad, checked = [], 0
    for wid, d, r in picked:
        a, b = r[0][1:], r[1][1:]
        if a == b:
            continue
        found = lookup(a, b)
        checked += 1
        if not found:
            bad.append(f"way {wid}: first step not in the graph")
        elif any(f != d for f in found):
            bad.append(f"way {wid}: directions {found} in the graph, expected {d} (forward, backward)")
    return {"checked": checked, "errors": bad}


def main():
    args = sys.argv[1:]
    sample, check = 60, None
    if "--sample" in args:
        i = args.index("--sample")
        sample = int(args[i + 1])
        del args[i:i + 2]
    if "--check-edges" in args:
        i = args.index("--check-edges")
        check = (args[i + 1], args[i + 2])
        del args[i:i + 3]
    pbf, profiles = args
    car_ok, foot_ok = read_profiles(profiles)
    h = Ways(set(car_ok) | set(foot_ok))
    h.apply_file(pbf, locations=True)
    out = {"missing_refs": h.missing}
    routable = {}
    out["car"], routable["car"] = expectations(h.ways, lambda c, t: car_dirs(c, t, car_ok))
    out["foot"], routable["foot"] = expectations(h.ways, lambda c, t: foot_dirs(c, t, foot_ok))
    if check:
        out["edge_check"] = check_edges(routable[check[0]], check[1], sample, random.Random(20160305))
    json.dump(out, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
