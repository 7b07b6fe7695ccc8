#!/usr/bin/env bash
# Whole-process cost of kexie at national scale: wall time and peak RSS (/usr/bin/time -v) of
# validate, analyze --format json and render coverage on networks generated over 1/8, 1/4, 1/2
# and all of the national frame (subsets by province), next to the floor of reading the same
# bytes (cat). Each command runs $BENCH_RUNS times (default 5): the table gives the median wall
# time (a shared machine is noisy) and the largest peak RSS. Generated datasets are cached in
# $BENCH_CACHE. Prints a Markdown table and writes it, with the machine it was taken on, to
# BENCHMARKS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
KEXIE=${KEXIE:-.build/release/kexie}
CACHE=${BENCH_CACHE:-.bench}
FRAME=datasets/china/regions.csv.gz
SEED=${BENCH_SEED:-1}
RUNS=${BENCH_RUNS:-5}
mkdir -p "$CACHE"

# Frame subsets: whole provinces in id order until the share of regions is reached.
python3 - "$FRAME" "$CACHE" <<'PY'
import gzip, sys, os
frame, cache = sys.argv[1], sys.argv[2]
rows = gzip.open(frame, "rt", encoding="utf-8").read().splitlines()
header, body = rows[0], rows[1:]
by_province = {}
for line in body:
    rid = line.split(",", 1)[0]
    by_province.setdefault(rid[:2] if rid != "CN" else "", []).append(line)
root = by_province.pop("", [])
provinces = sorted(by_province)
for name, share in (("eighth", 1 / 8), ("quarter", 1 / 4), ("half", 1 / 2)):
    path = os.path.join(cache, f"frame-{name}.csv.gz")
    if os.path.exists(path):
        continue
    chosen, count = [], 0
    for p in provinces:
        if count >= share * len(body):
            break
        chosen += by_province[p]
        count += len(by_province[p])
    with gzip.open(path, "wt", encoding="utf-8", newline="") as f:
        f.write("\n".join([header] + root + chosen) + "\n")
PY
[ -e "$CACHE/frame-all.csv.gz" ] || cp "$FRAME" "$CACHE/frame-all.csv.gz"

once() { # command...: prints "seconds peak_MB" of one run
  local out
  out=$( { /usr/bin/time -v "$@" > /dev/null; } 2>&1 >/dev/null | awk -F': ' '/Elapsed \(wall clock\)/ {t=$2} /Maximum resident set size/ {m=$2} END {print t, m}')
  local t=${out% *} m=${out#* }
  # Elapsed is m:ss.ss (or h:mm:ss); convert to seconds.
  awk -v t="$t" -v k="$m" 'BEGIN {n=split(t,a,":"); s=0; for (i=1;i<=n;i++) s=s*60+a[i]; printf "%.2f %.0f\n", s, k/1024}'
}

measure() { # label, command...: prints "median_seconds max_peak_MB" over $RUNS runs
  local runs=()
  for _ in $(seq "$RUNS"); do runs+=("$(once "${@:2}")"); done
  printf "%s\n" "${runs[@]}" | sort -n | awk '{t[NR]=$1; if ($2 > m) m=$2} END {printf "%s %s\n", t[int((NR+1)/2)], m}'
}

table="| scale | regions | organizations | persons | positions | CSV MB | cat s | validate s / MB | analyze json s / MB | render coverage s / MB |
|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for scale in eighth quarter half all; do
  dir="$CACHE/net-$scale"
  if [ ! -e "$dir/.complete" ]; then
    rm -rf "$dir"
    "$KEXIE" generate --frame "$CACHE/frame-$scale.csv.gz" --out "$dir" --profile national --seed "$SEED" --quiet
    touch "$dir/.complete"
  fi
  counts=$("$KEXIE" summary "$dir" --format json | python3 -c 'import json,sys; d=json.load(sys.stdin); print(d["regions"]["total"], d["organizations"]["total"], d["persons"], d["positions"]["total"])')
  mb=$(du -cm "$dir"/*.csv* | tail -1 | cut -f1)
  read -r cat_s _ <<< "$(measure cat cat "$dir"/regions.csv.gz "$dir"/*.csv)"
  read -r v_s v_m <<< "$(measure validate "$KEXIE" validate "$dir")"
  read -r a_s a_m <<< "$(measure analyze "$KEXIE" analyze "$dir" --format json)"
  read -r r_s r_m <<< "$(measure render "$KEXIE" render coverage "$dir" --format svg)"
  set -- $counts
  table+=$'\n'"| $scale | $1 | $2 | $3 | $4 | $mb | $cat_s | $v_s / $v_m | $a_s / $a_m | $r_s / $r_m |"
  echo "$scale done" >&2
done

# Where the time of the largest analyze goes (KEXIE_TIMINGS: wall time of each phase; phases
# marked "in parallel" overlap the ones before them on the second core).
phases=$(KEXIE_TIMINGS=1 "$KEXIE" analyze "$CACHE/net-all" --format json 2>&1 >/dev/null | sed -n 's/^kexie: time: \(.*\) \([0-9]*\) ms$/| \1 | \2 |/p')
load=$(cut -d' ' -f1-3 /proc/loadavg)

machine="$(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')), $(free -g | awk '/Mem:/ {print $2}') GiB, $(uname -sr), $(swift --version 2>/dev/null | head -1)"
{
  echo "# Benchmarks"
  echo
  echo "Whole-process wall time and peak RSS (\`/usr/bin/time -v\`) of kexie on networks that \`kexie generate --profile national --seed $SEED\` lays over 1/8, 1/4, 1/2 and all of the national frame (whole provinces in id order). Each figure is the median wall time of $RUNS runs and the largest peak RSS among them. \`cat\` is the floor: reading the same bytes. \`validate\` is the load (read, check, index) and nothing else. Regenerate with \`make bench\`."
  echo
  echo "Machine: $machine. Release build."
  echo
  echo "$table"
  echo
  echo "Load average when the run ended: $load (other work on the machine inflates wall times)."
  echo
  echo "## Where the time goes"
  echo
  echo "\`KEXIE_TIMINGS=1 kexie analyze --format json\` on all of the frame, one run: wall time per phase. Tables are read on two threads: regions, institutions, organizations and links on one, persons on the other (phases marked \"in parallel\" overlap the ones before them); then both read positions, cut into pieces at line breaks and handed out to whichever thread is free (\"positions\" is the first thread's share, ending when no piece is left). Cells naming rows of a table the other thread is still reading (persons' regions, positions' persons) wait as byte spans and are resolved when it is there. The analyses and the JSON document overlap: the sections before \`linkage\` are written while linkage is computed on the other thread, then both threads write halves of the linkage section; the last line is the wall time of all of that together, and the analysis phases above it are parts of it."
  echo
  echo "| phase | ms |"
  echo "|---|---:|"
  echo "$phases"
} > BENCHMARKS.md
echo "$table"
