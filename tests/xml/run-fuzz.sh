#!/bin/bash
# run-fuzz.sh: one bounded libFuzzer run of a target (tests/xml/, suite
# 'fuzz').  New inputs go to a scratch folder in the build tree, never into
# the seed corpus of the source tree.
#   run-fuzz.sh FUZZER SCRATCH-DIR SEED-DIR [DICT]
set -eu
fuzzer="$1" scratch="$2" seeds="$3" dict="${4:-}"
mkdir -p "$scratch"
args=(-max_total_time=20 -timeout=10 -rss_limit_mb=2048 -max_len=16384 -print_final_stats=1)
[ -n "$dict" ] && args+=(-dict="$dict")
exec "$fuzzer" "${args[@]}" "$scratch" "$seeds"
