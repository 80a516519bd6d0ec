#!/usr/bin/env bash
# sd-webui launcher, A1111-style: ./webui.sh [FLAGS]  (./webui.sh --help lists them)
# - builds target/sd-webui.jar when it is missing or older than the sources
# - reads COMMANDLINE_ARGS from the environment and from an optional webui-user.sh (the jar appends them)
# - preloads tcmalloc (or jemalloc) when installed: much faster large tensors on CPU
# - keeps DJL offline: libtorch comes from the jar, nothing is downloaded at run time
set -euo pipefail
cd "$(dirname "$(readlink -f "$0")")"

if [[ -f webui-user.sh ]]; then
    # shellcheck disable=SC1091
    source ./webui-user.sh
fi
export COMMANDLINE_ARGS="${COMMANDLINE_ARGS:-}"

JAR=target/sd-webui.jar
needs_build() {
    [[ ! -f "$JAR" ]] && return 0
    local newer
    newer=$(find src frontend pom.xml application.yml -newer "$JAR" -type f -print -quit 2>/dev/null || true)
    [[ -n "$newer" ]]
}
if needs_build; then
    echo "Building $JAR ..." >&2
    ./mvnw -B -q -DskipTests package
fi

for lib in /usr/lib/x86_64-linux-gnu/libtcmalloc_minimal.so.4 /usr/lib/libtcmalloc_minimal.so.4 \
           /usr/lib/x86_64-linux-gnu/libjemalloc.so.2 /usr/lib/libjemalloc.so.2; do
    if [[ -f "$lib" ]]; then
        export LD_PRELOAD="${LD_PRELOAD:+$LD_PRELOAD:}$lib"
        break
    fi
done

JAVA="${JAVA:-java}"
[[ -n "${JAVA_HOME:-}" ]] && JAVA="$JAVA_HOME/bin/java"
# shellcheck disable=SC2086
exec "$JAVA" ${JAVA_OPTS:-} -Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$(nproc)" \
    -jar "$JAR" "$@"
