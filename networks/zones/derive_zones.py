#!/usr/bin/env python3
"""Derive networks/zones/msoa21_north.csv from the ONS Census 2021 tables.

Usage (from the repository root, with the public data folder beside it):

    python3 networks/zones/derive_zones.py ../shared/data > networks/zones/msoa21_north.csv

Each zone is a 2021 MSOA of the North (North East, North West, Yorkshire and The Humber) with its usual residents
and a position:

* 1,916 MSOAs whose code is unchanged since 2011 keep the ONS 2011 population-weighted centroid (PWC).
* The 52 MSOAs new in 2021 were made by splitting or merging 2011 MSOAs of the same local authority; the 2011
  MSOAs that no longer exist in 2021 (their "predecessors") are known by code and name, but which predecessor each
  new MSOA came from is not published in the data we have. Each new MSOA is placed at the PWC of the predecessor
  nearest to an anchor: a station of the same local authority whose name shares a word with the MSOA's House of
  Commons Library name (e.g. "Steeton & Silsden Rural" -> Steeton & Silsden station). Without an anchor it is
  placed at the mean of its local authority's predecessor PWCs. The method is written in the `source` column.

No one is lost: ONS publishes each geography's counts separately (with independent statistical disclosure
control), so the MSOA counts of a local authority differ from its published total by a few people (15,545,225 in
all against 15,545,190). Each local authority's MSOA counts are scaled to its published total and rounded by the
largest-remainder method (no MSOA changes by more than a few people), so the zones sum exactly to the Census 2021
total for the North, 15,545,190. `population_msoa` keeps the published MSOA count.
"""
import csv
import math
import re
import sys
from collections import defaultdict

data = sys.argv[1]
msoa = list(csv.DictReader(open(f"{data}/population/census2021_msoa_population_north.csv", encoding="utf-8-sig")))
pwc = list(csv.DictReader(open(f"{data}/population/raw/ons_msoa2011_population_weighted_centroids_ew.csv",
                               encoding="utf-8-sig")))
lad_total = {r["lad21_cd"]: int(r["usual_residents_2021"])
             for r in csv.DictReader(open(f"{data}/population/census2021_lad_population_ew.csv", encoding="utf-8-sig"))
             if r["is_north"] == "1" and r["area_type"] == "ltla"}
stations = list(csv.DictReader(open(f"{data}/stations/north_stations_open.csv", encoding="utf-8-sig")))

codes21 = {r["msoa21_cd"] for r in msoa}
lad_names = {r["lad21_nm"] for r in msoa}
predecessors = defaultdict(list)  # LAD name -> [(code, name, lat, lon)]
for r in pwc:
    lad = r["msoa11nm"].rsplit(" ", 1)[0]
    if lad in lad_names and r["msoa11cd"] not in codes21:
        predecessors[lad].append((r["msoa11cd"], r["msoa11nm"], float(r["Latitude"]), float(r["Longitude"])))

STOP = {"and", "north", "south", "east", "west", "central", "city", "centre", "upper", "lower", "rural", "town",
        "park", "road", "the", "st", "great", "little", "new", "old", "mill", "green", "heath", "hill",
        "lane", "bridge", "street", "moor"}


def words(name):
    return {w for w in re.findall(r"[a-z']+", name.lower()) if w not in STOP and len(w) > 2}


def km(a, b):
    (la1, lo1), (la2, lo2) = a, b
    x = math.radians(lo2 - lo1) * math.cos(math.radians((la1 + la2) / 2))
    y = math.radians(la2 - la1)
    return 6371.0 * math.hypot(x, y)


# Reconcile MSOA counts with local authority totals (largest remainder).
by_lad = defaultdict(list)
for r in msoa:
    by_lad[r["lad21_cd"]].append(r)
adjusted = {}
for lad, rows in by_lad.items():
    pops = [int(r["usual_residents_2021"]) for r in rows]
    total_msoa, target = sum(pops), lad_total[lad]
    exact = [p * target / total_msoa for p in pops]
    floors = [math.floor(e) for e in exact]
    order = sorted(range(len(rows)), key=lambda i: (-(exact[i] - floors[i]), rows[i]["msoa21_cd"]))
    for i in order[: target - sum(floors)]:
        floors[i] += 1
    for r, v in zip(rows, floors):
        adjusted[r["msoa21_cd"]] = v

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["msoa21_cd", "msoa21_nm", "hcl_nm", "lad21_cd", "lad21_nm", "population", "population_msoa", "lat", "lon", "source"])
total = 0
for r in msoa:
    pop = adjusted[r["msoa21_cd"]]
    total += pop
    if r["pwc_lat"]:
        lat, lon, source = float(r["pwc_lat"]), float(r["pwc_lon"]), "ONS 2011 PWC (same code)"
    else:
        preds = predecessors[r["lad21_nm"]]
        assert preds, r["msoa21_nm"]
        # Words of the MSOA's own name, less the local authority's name ("Newcastle City Centre" is not anchored
        # to Newcastle station by the word "Newcastle").
        own = words(r["msoa21_hcl_nm"]) - words(r["lad21_nm"])
        anchors = [s for s in stations if s["lad_cd"] == r["lad21_cd"] and words(s["name"]) & own]
        if anchors:
            a = (float(anchors[0]["lat"]), float(anchors[0]["lon"]))
            best = min(preds, key=lambda p: km(a, (p[2], p[3])))
            lat, lon = best[2], best[3]
            source = f"ONS 2011 PWC of predecessor {best[1]} ({best[0]}), nearest to {anchors[0]['name']} station"
        else:
            lat = sum(p[2] for p in preds) / len(preds)
            lon = sum(p[3] for p in preds) / len(preds)
            source = "mean of ONS 2011 PWCs of predecessors " + " ".join(p[0] for p in preds)
    out.writerow([r["msoa21_cd"], r["msoa21_nm"], r["msoa21_hcl_nm"], r["lad21_cd"], r["lad21_nm"], pop, r["usual_residents_2021"],
                  f"{lat:.6f}", f"{lon:.6f}", source])
assert total == 15545190, total
