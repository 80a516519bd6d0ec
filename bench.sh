#!/usr/bin/env bash
# Benchmarks (not tests). Usage: ./bench.sh step [sizes] [attention] | ./bench.sh load
#   step: one UNet CFG step (batch 2) with SD 1.5 shapes, random weights; e.g. ./bench.sh step 256,512 sdpa
#   load: a 2.1 GB SD 1.5-shaped fp16 safetensors -> ready SdModel (fp32 upcast)
set -euo pipefail
cd "$(dirname "$0")"
TCMALLOC=/usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4
if [ -f "$TCMALLOC" ]; then export LD_PRELOAD="$TCMALLOC"; else echo "warning: tcmalloc not found (apt-get install libtcmalloc-minimal4); timings will be 2-5x worse" >&2; fi
cmd="${1:-}"
case "$cmd" in
  step)
    export BENCH_SIZES="${2:-256,512}" BENCH_ATTENTION="${3:-sdpa}" BENCH_ITERS="${BENCH_ITERS:-2}"
    ./mvnw -B -q -o test -Dtest='dev.sdwebui.nn.UNetStepBenchmark' -Dsurefire.failIfNoSpecifiedTests=false \
      -Dgroups=bench -Dsurefire.excludedGroups=none \
      2>&1 | grep -E "UNet CFG step|random SD1.5|ERROR|FAIL" ;;
  load)
    ./mvnw -B -q -o test -Dtest='dev.sdwebui.nn.LoadBenchmark' -Dsurefire.failIfNoSpecifiedTests=false \
      -Dgroups=bench -Dsurefire.excludedGroups=none 2>&1 | grep -E "^load |ERROR|FAIL" ;;
  *) echo "usage: $0 step [sizes=256,512] [attention=sdpa|plain] | load" >&2; exit 2 ;;
esac
