#!/usr/bin/env bash
# Adds the seed corpora to fuzz/corpus/<target>/, keeping what the
# fuzzer has added there, from the test data of the repository (and from
# the RDG station and link files in ../shared/data when that folder is
# beside the repository). Needs unzip and python3.
set -euo pipefail
cd "$(dirname "$0")"
root=..
shared=$root/../shared/data
mkdir -p corpus/{network_json,scenario_json,gtfs,cif,msn_flf_alf}

# network_json: the test networks, the embedded network and schemes, the bad networks.
cp $root/tests/data/tiny.json corpus/network_json/tiny.json
cp $root/networks/north.json corpus/network_json/north.json
for f in $root/networks/schemes/*.json; do cp "$f" corpus/network_json/scheme-"$(basename "$f")"; done
for f in $root/tests/data/bad/network/*.json; do cp "$f" corpus/network_json/bad-"$(basename "$f")"; done

# scenario_json: the shipped scenarios, the test scenario (its base network
# is `tiny.json` to the fuzz target) and the bad scenarios.
for f in $root/scenarios/*.json; do cp "$f" corpus/scenario_json/"$(basename "$f")"; done
sed 's|"\.\./tiny\.json"|"tiny.json"|' $root/tests/data/scenario/tiny-faster.json > corpus/scenario_json/tiny-faster.json
for f in $root/tests/data/bad/scenario/*.json; do cp "$f" corpus/scenario_json/bad-"$(basename "$f")"; done

# gtfs: each test feed as files split by `=== NAME` lines, and the good one zipped.
feed() { for f in "$1"/*.txt; do printf '=== %s\n' "$(basename "$f")"; cat "$f"; done; }
feed $root/tests/data/timetable/mini_gtfs > corpus/gtfs/mini_gtfs.txt
for d in $root/tests/data/bad/timetable/gtfs_*/; do feed "$d" > corpus/gtfs/bad-"$(basename "$d")".txt; done
(cd $root/tests/data/timetable/mini_gtfs && python3 -m zipfile -c "$OLDPWD"/corpus/gtfs/mini_gtfs.zip ./*.txt)
# The optional files the test feeds lack: frequencies and calendar dates.
{
  feed $root/tests/data/timetable/mini_gtfs
  printf '=== frequencies.txt\ntrip_id,start_time,end_time,headway_secs,exact_times\nT1,06:00:00,08:00:00,900,0\nT2,17:00:00,18:00:00,1200,1\n'
  printf '=== calendar_dates.txt\nservice_id,date,exception_type\nWK,20200319,2\nWK,20200320,1\n'
} > corpus/gtfs/mini_gtfs-frequencies.txt

# cif: the schedule files of the test archives.
unzip -p $root/tests/data/timetable/mini_cif.zip '*.mca' > corpus/cif/mini.mca
for z in $root/tests/data/bad/timetable/cif_*.zip; do
  unzip -p "$z" '*.mca' > corpus/cif/bad-"$(basename "$z" .zip)".mca 2>/dev/null || true
done

# msn_flf_alf: the station and link files of the test archives, as files
# split by `=== NAME` lines; excerpts of the real RDG files when available.
cif_files() { for ext in msn flf alf; do
  if unzip -l "$1" "*.$ext" >/dev/null 2>&1; then printf '=== x.%s\n' "$ext"; unzip -p "$1" "*.$ext"; fi
done; }
cif_files $root/tests/data/timetable/mini_cif.zip > corpus/msn_flf_alf/mini.txt
for z in $root/tests/data/bad/timetable/cif_*.zip; do
  cif_files "$z" > corpus/msn_flf_alf/bad-"$(basename "$z" .zip)".txt
done
if [ -d "$shared/timetable" ]; then
  {
    printf '=== x.msn\n'; head -n 60 "$shared"/timetable/*.msn
    printf '=== x.flf\n'; head -n 40 "$shared"/timetable/*.flf
    printf '=== x.alf\n'; head -n 40 "$shared"/timetable/*.alf
  } > corpus/msn_flf_alf/rdg.txt
fi
for t in corpus/*; do echo "$t: $(ls "$t" | wc -l) files"; done
