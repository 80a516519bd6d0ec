#!/usr/bin/env bash
# Benchmarks (not tests). Usage: ./bench.sh step [sizes] [attention] | load | upscale [size] | txt2img [size] [steps] | attention [options]
#   step: one UNet CFG step (batch 2) with SD 1.5 shapes, random weights; e.g. ./bench.sh step 256,512 sdpa
#   load: the 2.1 GB random SD 1.5-shaped fp16 safetensors -> ready SdModel (fp32 upcast); BENCH_LOAD_THREADS=1,2
#   txt2img: one 512x512 20-step Euler CFG 7 job, timed: text encoding, sampling, VAE decode
#   attention: the seed's table (attention mode x memory mode, batches), one fresh JVM per row:
#     ./bench.sh attention [--ckpt FILE] [--size WxH] [--batches 1,2,4,8,16] [--steps N] [--modes none,v1,...]
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
  upscale)
    # RealESRGAN x4plus-shaped ESRGAN (random weights) on a 512x512 picture, tiled 192/8 and untiled, peak RSS
    export BENCH_UPSCALE_SIZE="${2:-512}"
    ./mvnw -B -q -o test -Dtest='dev.sdwebui.postprocess.upscale.UpscaleBenchmark' -Dsurefire.failIfNoSpecifiedTests=false \
      -Dgroups=bench -Dsurefire.excludedGroups=none 2>&1 | grep -E "^bench|ERROR|FAIL" ;;
  load)
    ./mvnw -B -q -o test -Dtest='dev.sdwebui.nn.LoadBenchmark' -Dsurefire.failIfNoSpecifiedTests=false \
      -Dgroups=bench -Dsurefire.excludedGroups=none 2>&1 | grep -E "^load |ERROR|FAIL" ;;
  txt2img)
    # one txt2img job (random SD 1.5-shaped fp16 checkpoint, fp32 compute) timed per phase
    export BENCH_SIZE="${2:-512}" BENCH_STEPS="${3:-20}" BENCH_RUNS="${BENCH_RUNS:-1}"
    ./mvnw -B -q -o test -Dtest='dev.sdwebui.pipeline.Txt2ImgBenchmark' -Dsurefire.failIfNoSpecifiedTests=false \
      -Dgroups=bench -Dsurefire.excludedGroups=none 2>&1 | grep -E "^bench|ERROR|FAIL" ;;
  attention)
    shift
    ckpt=/tmp/sdwebui-bench-sd15-random-fp16.safetensors size=512x512 batches=1,2,4,8,16 steps=3
    modes="none,v1,InvokeAI,Doggettx,Doggettx+medvram,Doggettx+lowvram,sub-quad,SDP,SDP-no-mem,xformers"
    while [ $# -gt 0 ]; do
      case "$1" in
        --ckpt) ckpt="$2"; shift 2 ;;
        --size) size="$2"; shift 2 ;;
        --batches) batches="$2"; shift 2 ;;
        --steps) steps="$2"; shift 2 ;;
        --modes) modes="$2"; shift 2 ;;
      esac
    done
    [[ "$size" =~ ^([0-9]+)x([0-9]+)$ ]] || { echo "--size must be WxH, e.g. 512x512" >&2; exit 2; }
    w="${BASH_REMATCH[1]}" h="${BASH_REMATCH[2]}"
    case ",$modes," in *,none,*) ;; *) echo "note: pixel differences are measured against the 'none' row; add none to --modes" >&2 ;; esac
    out="${BENCH_OUT:-/tmp/sdwebui-bench-attention-${w}x${h}}"; mkdir -p "$out"
    BENCH_CP_FILE="$PWD/target/bench-classpath.txt" ./mvnw -B -q -o test -Dtest='dev.sdwebui.device.BenchClasspath' \
      -Dsurefire.failIfNoSpecifiedTests=false -Dgroups=bench -Dsurefire.excludedGroups=none >/dev/null
    # snapshot the compiled classes so that rebuilding the tree during a long run cannot disturb it
    rm -rf "$out/classes" && mkdir -p "$out/classes" && cp -r target/classes "$out/classes/main" && cp -r target/test-classes "$out/classes/test"
    cp="$(sed -e "s#$PWD/target/test-classes#$out/classes/test#" -e "s#$PWD/target/classes#$out/classes/main#" target/bench-classpath.txt)"
    run() { java -Dai.djl.offline=true -Xss4m -cp "$cp" dev.sdwebui.device.AttentionBenchmark "$@"; }
    run ckpt "$ckpt"
    IFS=',' read -ra rows <<< "$modes"
    for r in "${rows[@]}"; do
      echo "== $r ($size, batches $batches, $steps steps)" >&2
      run row "$r" "$out" "$ckpt" "$w" "$h" "$batches" "$steps" 2>&1 | grep -E "batch [0-9]+:|Exception|Error" || true
    done
    machine="$(nproc) cores $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(free -g | awk '/Mem:/{print $2}') GiB RAM, CPU"
    run table "$out" "$modes" "$size" "$batches" "$machine" ;;
  *) echo "usage: $0 step [sizes=256,512] [attention=sdpa|plain] | load | txt2img [size=512] [steps=20] | attention [--ckpt F] [--size WxH] [--batches 1,2,4] [--steps N] [--modes none,...]" >&2; exit 2 ;;
esac
