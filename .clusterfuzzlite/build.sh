#!/bin/bash -eu
# ClusterFuzzLite / OSS-Fuzz entry point: every fuzz/fuzz_*.c into $OUT, with
# its seed corpus and dictionary (fuzz/build.sh says how).
cd "$SRC/siprove"
sh fuzz/build.sh
