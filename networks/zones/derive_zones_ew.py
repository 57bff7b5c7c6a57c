#!/usr/bin/env python3
"""Derive networks/zones/msoa21_ew.csv: the Census 2021 MSOAs of England and Wales, placed as the North's are.

Usage (from the repository root, with the public data folder beside it):

    python3 networks/zones/derive_zones_ew.py ../shared/data > networks/zones/msoa21_ew.csv

The method is that of derive_zones.py (the North's 1,968 zones), applied to all 7,264 MSOAs of England and Wales:

* Usual residents per MSOA from ONS Census 2021 table TS001 (the MSOA rows of the OA/LSOA/MSOA/LA file, whose
  parent code is the local authority).
* MSOAs whose code is unchanged since 2011 keep the ONS 2011 population-weighted centroid (PWC).
* An MSOA new in 2021 is placed at the PWC of the predecessor (a 2011 MSOA of the same local authority that no longer
  exists in 2021) nearest to an anchor: a station of the same local authority whose name shares a word with the
  MSOA's House of Commons Library name. Without an anchor it is placed at the mean of the local authority's
  predecessor PWCs. Where the local authority was renamed or merged since 2011 (so no 2011 MSOA carries its name),
  the predecessors are the vanished 2011 MSOAs whose PWC lies within 15 km of the mean PWC of the authority's
  unchanged MSOAs; failing those, the MSOA is placed at that mean. The method is written in the `source` column.
* Each local authority's MSOA counts are scaled to its published Census 2021 total and rounded by the largest
  remainder, so the zones sum exactly to the Census 2021 total for England and Wales, 59,597,541.
  `population_msoa` keeps the published MSOA count.

The North's rows come out identical to msoa21_north.csv (checked below).
"""
import csv
import gzip
import math
import re
import sys
from collections import defaultdict

data = sys.argv[1]
names = {r["msoa21cd"]: r for r in csv.DictReader(open(f"{data}/population/raw/msoa21_names_with_hcl_names.csv",
                                                         encoding="utf-8-sig"))}
msoa = []
with gzip.open(f"{data}/population/raw/ons_census2021_TS001_residence_type_oa_lsoa_msoa_lad.csv.gz", "rt",
               encoding="utf-8-sig") as f:
    for r in csv.DictReader(f):
        if r["Geography area type"] == "MSOA":
            msoa.append(r)
pwc = list(csv.DictReader(open(f"{data}/population/raw/ons_msoa2011_population_weighted_centroids_ew.csv",
                               encoding="utf-8-sig")))
lads = {r["lad21_cd"]: r for r in csv.DictReader(open(f"{data}/population/census2021_lad_population_ew.csv",
                                                       encoding="utf-8-sig")) if r["area_type"] == "ltla"}
stations = list(csv.DictReader(open(f"{data}/stations/gb_stations_open.csv", encoding="utf-8-sig")))

codes21 = {r["Geography code"] for r in msoa}
pwc_by_code = {r["msoa11cd"]: (float(r["Latitude"]), float(r["Longitude"])) for r in pwc}
vanished = [(r["msoa11cd"], r["msoa11nm"], float(r["Latitude"]), float(r["Longitude"])) for r in pwc
            if r["msoa11cd"] not in codes21]
predecessors = defaultdict(list)  # 2011 LA name -> [(code, name, lat, lon)]
for p in vanished:
    predecessors[p[1].rsplit(" ", 1)[0]].append(p)

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


by_lad = defaultdict(list)
for r in msoa:
    by_lad[r["Parent area code"]].append(r)
assert set(by_lad) == set(lads), set(by_lad) ^ set(lads)
adjusted = {}
for lad, rows in by_lad.items():
    pops = [int(r["Total"]) for r in rows]
    total_msoa, target = sum(pops), int(lads[lad]["usual_residents_2021"])
    exact = [p * target / total_msoa for p in pops]
    floors = [math.floor(e) for e in exact]
    order = sorted(range(len(rows)), key=lambda i: (-(exact[i] - floors[i]), rows[i]["Geography code"]))
    for i in order[: target - sum(floors)]:
        floors[i] += 1
    for r, v in zip(rows, floors):
        adjusted[r["Geography code"]] = v

out = csv.writer(sys.stdout, lineterminator="\n")
out.writerow(["msoa21_cd", "msoa21_nm", "hcl_nm", "lad21_cd", "lad21_nm", "population", "population_msoa", "lat", "lon",
              "source"])
total = 0
for r in sorted(msoa, key=lambda r: r["Geography code"]):
    code, lad = r["Geography code"], r["Parent area code"]
    nm = names[code]
    lad_name = lads[lad]["lad21_nm"]
    pop = adjusted[code]
    total += pop
    if code in pwc_by_code:
        (lat, lon), source = pwc_by_code[code], "ONS 2011 PWC (same code)"
    else:
        preds = predecessors[lad_name]
        if not preds:
            kept = [pwc_by_code[x["Geography code"]] for x in by_lad[lad] if x["Geography code"] in pwc_by_code]
            mean = (sum(p[0] for p in kept) / len(kept), sum(p[1] for p in kept) / len(kept))
            preds = [p for p in vanished if km(mean, (p[2], p[3])) <= 15.0]
        own = words(nm["msoa21hclnm"]) - words(lad_name)
        anchors = [s for s in stations if s["lad_cd"] == lad and words(s["name"]) & own]
        if preds and anchors:
            a = (float(anchors[0]["lat"]), float(anchors[0]["lon"]))
            best = min(preds, key=lambda p: km(a, (p[2], p[3])))
            lat, lon = best[2], best[3]
            source = f"ONS 2011 PWC of predecessor {best[1]} ({best[0]}), nearest to {anchors[0]['name']} station"
        elif preds:
            lat = sum(p[2] for p in preds) / len(preds)
            lon = sum(p[3] for p in preds) / len(preds)
            source = "mean of ONS 2011 PWCs of predecessors " + " ".join(p[0] for p in preds)
        else:
            lat, lon = mean
            source = "mean of ONS 2011 PWCs of the local authority's unchanged MSOAs"
    out.writerow([code, nm["msoa21nm"], nm["msoa21hclnm"], lad, lad_name, pop, r["Total"], f"{lat:.6f}", f"{lon:.6f}",
                  source])
assert len(msoa) == 7264, len(msoa)
assert total == 59597541, total
