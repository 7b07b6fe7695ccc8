#!/usr/bin/env bash
# Memory on small hostile inputs (issue 16, item 4): wall time and peak RSS (/usr/bin/time -v)
# of the commands on inputs a few hundred kilobytes long that once took gigabytes —
# one person in N associations (Benchmarks/hostile/one_person.py) and thousands of per-village
# targets over Tianjin (Benchmarks/hostile/village_targets.py). Budget: each run ends within
# 10 s and 1.5 GB, with its output or with a clear error (exit 65). Prints a Markdown table;
# with --write, replaces the "Hostile inputs" section of BENCHMARKS.md with it.
set -uo pipefail
cd "$(dirname "$0")/.."
KEXIE=${KEXIE:-.build/release/kexie}
CACHE=${BENCH_CACHE:-.bench}/hostile
mkdir -p "$CACHE"
for n in 2000 4000 8000 100000; do
  [ -e "$CACHE/one-person-$n/positions.csv" ] || python3 Benchmarks/hostile/one_person.py $n "$CACHE/one-person-$n"
done
[ -e "$CACHE/village-targets.yaml" ] || python3 Benchmarks/hostile/village_targets.py datasets/tianjin 12000 "$CACHE/village-targets.yaml"
[ -e "$CACHE/village-targets-scoped.yaml" ] || python3 Benchmarks/hostile/village_targets.py datasets/tianjin 9000 "$CACHE/village-targets-scoped.yaml" scoped

row() { # label, command...: one table row "| label | command | exit | s | MB |"
  local label=$1; shift
  local out
  out=$( { /usr/bin/time -v "$@" > /dev/null 2> "$CACHE/stderr"; echo "exit $?" >&2; } 2>&1 \
    | awk -F': ' '/Elapsed \(wall clock\)/ {t=$2} /Maximum resident set size/ {m=$2} /^exit / {e=substr($0, 6)} END {print e, t, m}')
  local e t m; read -r e t m <<< "$out"
  local s; s=$(awk -v t="$t" 'BEGIN {n=split(t,a,":"); s=0; for (i=1;i<=n;i++) s=s*60+a[i]; printf "%.2f", s}')
  printf '| %s | `%s` | %s | %s | %.0f |\n' "$label" "${*:2}" "$e" "$s" "$((m / 1024))"
}

table="| input | command | exit | s | peak MB |
|---|---|---:|---:|---:|"
for n in 2000 4000 8000 100000; do
  D=$CACHE/one-person-$n
  KB=$(( $(stat -c %s "$D/positions.csv") / 1024 ))
  for c in "analyze $D --format json" "gaps $D" "orphans $D" "linkage $D" "whatif $D --remove-person P1" "trend $D --step year" \
           "report $D --out $CACHE/report --quiet" "render linkage $D -o $CACHE/linkage.svg"; do
    table+=$'\n'$(row "one person, $n associations ($KB KB positions.csv)" $KEXIE $c)
  done
done
for r in village-targets village-targets-scoped; do
  R=$CACHE/$r.yaml
  KB=$(( $(stat -c %s "$R") / 1024 ))
  for c in "analyze datasets/tianjin --rules $R --format json" "gaps datasets/tianjin --rules $R" \
           "report datasets/tianjin --rules $R --out $CACHE/report --quiet"; do
    table+=$'\n'$(row "$r ($KB KB rules)" $KEXIE $c)
  done
done
echo "$table"
if [ "${1:-}" = "--write" ]; then
  python3 - "$table" <<'PY'
import re, sys
table = sys.argv[1]
text = open("BENCHMARKS.md", encoding="utf-8").read()
section = ("## Hostile inputs\n\n`Benchmarks/hostile.sh` (run by `make bench`): small inputs that once took gigabytes "
           "(issue 16, item 4). Budget: at most 10 s and 1.5 GB each, finished or refused with a clear error (exit 65).\n\n"
           + table + "\n")
text = re.sub(r"## Hostile inputs\n.*?(?=\n## |\Z)", lambda m: section, text, flags=re.S) if "## Hostile inputs" in text \
    else text.rstrip("\n") + "\n\n" + section
open("BENCHMARKS.md", "w", encoding="utf-8").write(text)
PY
fi
