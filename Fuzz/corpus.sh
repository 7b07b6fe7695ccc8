#!/bin/sh
# Assembles the seed corpus of each fuzz target into Fuzz/corpus/<target>/ from datasets/ and
# from the committed findings in Tests/Fixtures/fuzz/<target>/. Idempotent; inputs the fuzzers
# added to the corpus are kept. Input formats: see the targets (Fuzz/Sources/*/).
set -eu
cd "$(dirname "$0")/.."
corpus=Fuzz/corpus
mkdir -p "$corpus/csv" "$corpus/tables" "$corpus/yaml"

# One byte with the value $1 (0–255), then the file $2.
prefixed() { printf "\\$(printf %03o "$1")"; cat "$2"; }

tables="regions organizations persons positions links institutions"
i=0
for t in $tables; do
  # csv: whole small tables, and the head of each large one.
  cp datasets/sample/$t.csv "$corpus/csv/sample-$t.csv"
  head -n 40 datasets/tianjin/$t.csv > "$corpus/csv/tianjin-$t.csv"
  # tables: the selector byte (bits 0–2 the table, bit 3 gzip-named) and the file.
  prefixed $i datasets/sample/$t.csv > "$corpus/tables/sample-$t"
  head -n 40 datasets/tianjin/$t.csv > "$corpus/tables/.head"
  prefixed $i "$corpus/tables/.head" > "$corpus/tables/tianjin-$t"
  gzip -n -c datasets/sample/$t.csv > "$corpus/tables/.gz"
  prefixed $((i + 8)) "$corpus/tables/.gz" > "$corpus/tables/sample-$t-gz"
  i=$((i + 1))
done
rm -f "$corpus/tables/.head" "$corpus/tables/.gz"

# yaml: even first byte rules.yaml, odd dataset.yaml.
for d in sample tianjin; do prefixed 0 datasets/$d/rules.yaml > "$corpus/yaml/$d-rules"; done
for d in sample tianjin china; do prefixed 1 datasets/$d/dataset.yaml > "$corpus/yaml/$d-dataset"; done
# And the YAML files of the hostile corpus (anchors and aliases, an alias bomb, escapes, …).
for f in Tests/Corpus/*/rules.yaml Tests/Corpus/dataset-yaml-*/dataset.yaml Tests/Corpus/manifest-*/dataset.yaml; do
  [ -f "$f" ] || continue
  case $f in *rules.yaml) n=0 ;; *) n=1 ;; esac
  name=$(basename "$(dirname "$f")")
  prefixed $n "$f" > "$corpus/yaml/corpus-$name-$(basename "$f" .yaml)"
done

# Findings kept as regression fixtures stay in the corpus.
for target in csv tables yaml; do
  for f in Tests/Fixtures/fuzz/$target/*; do
    [ -f "$f" ] && cp "$f" "$corpus/$target/"
  done
done
echo "corpus: $(ls "$corpus/csv" | wc -l) csv, $(ls "$corpus/tables" | wc -l) tables, $(ls "$corpus/yaml" | wc -l) yaml seeds in $corpus/"
