#!/bin/sh
# run-fuzz.sh: bounded libFuzzer run of fuzz-rpc over the seed corpus.
# New inputs go to a scratch corpus in the build tree, never into the
# source tree.  Usage: run-fuzz.sh FUZZER SEED_CORPUS SCRATCH_DIR SECONDS
set -e
mkdir -p "$3"
exec "$1" "$3" "$2" -max_total_time="$4" -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1
