#!/usr/bin/env python3
"""Mutations of the authored Monaco test region's input files, for tests/cli/import_mutation.sh.

  mutate_inputs.py SRC_DIR OUT_DIR SEED   → copies SRC_DIR to OUT_DIR, mutates one file and
  prints "<class> <file> <must_refuse 0|1>" on stdout.

Classes marked must_refuse are the silently-wrong inputs of issue 15 (they must never import
with exit 0); the others (random byte flips, truncations...) may be refused or repaired,
but never crash, hang or leave an unreadable workspace.
"""
import json, os, random, shutil, sys

src, out, seed = sys.argv[1], sys.argv[2], int(sys.argv[3])
rng = random.Random(seed)
if os.path.exists(out):
    shutil.rmtree(out)
shutil.copytree(src, out)

geo = ["communes.geojson", "zones_emploi.geojson", "region.geojson", "departements.geojson"]
csvs = ["services.csv", "densite.csv", "chomage.csv", "ages.csv"]


def rd(name, mode="r"):
    with open(os.path.join(out, name), mode) as f:
        return f.read()


def wr(name, data, mode="w"):
    with open(os.path.join(out, name), mode) as f:
        f.write(data)


def byte_flip(name):
    b = bytearray(rd(name, "rb"))
    for _ in range(rng.randint(1, 8)):
        b[rng.randrange(len(b))] = rng.randrange(256)
    wr(name, bytes(b), "wb")


def truncate(name):
    b = rd(name, "rb")
    wr(name, b[: rng.randrange(len(b))], "wb")


def communes():
    return json.loads(rd("communes.geojson"))


def put_communes(d):
    wr("communes.geojson", json.dumps(d, ensure_ascii=False))


def geo_mutation():
    kind = rng.choice(["degrees_as_metres", "far_vertex", "negative_pop", "text_pop", "duplicate_code", "latin1",
                       "null_geometry", "bowtie", "empty_features", "drop_property", "huge_coordinate", "spike"])
    d = communes()
    f = rng.choice(d["features"])
    ring = f["geometry"]["coordinates"][0]
    refuse = 1
    if kind == "degrees_as_metres":  # declares Lambert-93 but holds degrees
        d["crs"] = {"type": "name", "properties": {"name": "urn:ogc:def:crs:EPSG::2154"}}
    elif kind == "far_vertex":
        ring[1] = [170.0, -80.0]
    elif kind == "negative_pop":
        f["properties"]["population"] = -rng.randint(1, 100000)
    elif kind == "text_pop":
        f["properties"]["population"] = "beaucoup"
    elif kind == "duplicate_code":
        g = json.loads(json.dumps(f))
        d["features"].append(g)
    elif kind == "latin1":
        f["properties"]["nom"] = "Ch\u00e2teau-Test"
        put_communes(d)
        raw = rd("communes.geojson", "rb").replace("Ch\u00e2teau-Test".encode("utf-8"), "Ch\u00e2teau-Test".encode("latin-1"))
        wr("communes.geojson", raw, "wb")
        return kind, "communes.geojson", 1
    elif kind == "null_geometry":
        f["geometry"] = None
        refuse = 0  # reported and skipped, or refused
    elif kind == "bowtie":
        x0, y0 = ring[0]
        x1, y1 = ring[2]
        f["geometry"]["coordinates"] = [[[x0, y0], [x1, y1], [x1, y0], [x0, y1], [x0, y0]]]
        refuse = 0  # repaired (reported) or refused
    elif kind == "empty_features":
        d["features"] = []
    elif kind == "drop_property":
        f["properties"].pop(rng.choice(["code", "nom", "population", "ZE2020"]))
        refuse = 0
    elif kind == "huge_coordinate":
        ring[1] = [1e15, 1e15]
    elif kind == "spike":
        x, y = ring[1]
        ring.insert(2, [x + 1.5, y + 1.0])  # over 100 km away, then back
        ring.insert(3, [x + 0.0001, y])
    put_communes(d)
    return kind, "communes.geojson", refuse


def csv_mutation():
    name = rng.choice(csvs)
    lines = rd(name).splitlines()
    kind = rng.choice(["unbalanced_quote", "header_only", "empty", "drop_header_column", "latin1", "text_number",
                       "delete_line", "extra_column"])
    refuse = 1
    if kind == "unbalanced_quote":
        k = rng.randrange(1, len(lines))
        cells = lines[k].split(",")
        cells[1] = '"' + cells[1]
        lines[k] = ",".join(cells)
    elif kind == "header_only":
        lines = lines[:1]
        refuse = 1 if name in ("services.csv", "chomage.csv", "densite.csv", "ages.csv") else 0
    elif kind == "empty":
        lines = []
    elif kind == "drop_header_column":
        cells = lines[0].split(",")
        cells[rng.randrange(len(cells))] = "colonne_inconnue"
        lines[0] = ",".join(cells)
        refuse = 0  # a column the manifest does not use may go
    elif kind == "latin1":
        wr(name, ("\n".join(lines) + "\n").replace(lines[-1], lines[-1] + ",\u00e9t\u00e9").encode("latin-1"), "wb")
        return kind, name, 1
    elif kind == "text_number":
        k = rng.randrange(1, len(lines))
        cells = lines[k].split(",")
        cells[-1] = "n/a"
        lines[k] = ",".join(cells)
        refuse = 0  # a missing figure may be reported and skipped
    elif kind == "delete_line":
        if len(lines) > 2:
            del lines[rng.randrange(1, len(lines))]
        refuse = 0
    elif kind == "extra_column":
        lines = [l + ",x" for l in lines]
        refuse = 0
    wr(name, "\n".join(lines) + ("\n" if lines else ""))
    return kind, name, refuse


r = rng.random()
if r < 0.35:
    kind, name, refuse = geo_mutation()
elif r < 0.65:
    kind, name, refuse = csv_mutation()
elif r < 0.85:
    name = rng.choice(geo + csvs)
    byte_flip(name)
    kind, refuse = "byte_flip", 0
else:
    name = rng.choice(geo + csvs)
    truncate(name)
    kind, refuse = "truncate", 0
print(kind, name, refuse)
