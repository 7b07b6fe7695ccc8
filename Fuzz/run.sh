#!/bin/sh
# Runs each fuzz target for $FUZZ_SECONDS (default 300) seconds on its corpus (Fuzz/corpus/<target>/),
# with libFuzzer's limits: 4 GB of memory, 10 s per input. Findings (crash-*, timeout-*, oom-*,
# leak-*) go to Fuzz/findings/<target>/, logs to Fuzz/logs/<target>.log. Exits 1 when any target
# found something. Usage: Fuzz/run.sh [TARGET...] (csv, tables, yaml; default all).
set -u
cd "$(dirname "$0")/.."
seconds=${FUZZ_SECONDS:-300}
bin=Fuzz/.build/release
targets=${*:-csv tables yaml}
status=0
mkdir -p Fuzz/logs
for target in $targets; do
  case $target in
    csv) exe=FuzzCSV ;; tables) exe=FuzzTables ;; yaml) exe=FuzzYAML ;;
    *) echo "unknown fuzz target $target (csv, tables, yaml)" >&2; exit 64 ;;
  esac
  mkdir -p Fuzz/findings/$target Fuzz/corpus/$target
  echo "fuzz: $exe for ${seconds}s"
  # Swift's runtime keeps metadata caches for the life of the process, which LeakSanitizer
  # would report as leaks of the first input; memory growth is still caught by -rss_limit_mb.
  $bin/$exe Fuzz/corpus/$target -max_total_time="$seconds" -rss_limit_mb=4096 -timeout=10 \
    -dict=Fuzz/kexie.dict -detect_leaks=0 -print_final_stats=1 -artifact_prefix=Fuzz/findings/$target/ \
    > Fuzz/logs/$target.log 2>&1 || status=1
  grep -E '^#[0-9]+[[:space:]]+DONE|^Done [0-9]+ runs|ERROR|SUMMARY' Fuzz/logs/$target.log | tail -3
  echo "fuzz: $target corpus $(ls Fuzz/corpus/$target | wc -l) files, findings: $(ls Fuzz/findings/$target | wc -l)"
done
if [ $status -ne 0 ]; then
  echo "fuzz: findings in Fuzz/findings/; copy each to Tests/Fixtures/fuzz/<target>/ and fix it" >&2
fi
exit $status
