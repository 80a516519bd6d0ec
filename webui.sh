#!/usr/bin/env bash
# sd-webui launcher, A1111-style: ./webui.sh [FLAGS]  (./webui.sh --help lists them)
# - builds target/sd-webui.jar when it is missing or older than the sources
# - reads COMMANDLINE_ARGS from the environment and from an optional webui-user.sh (the jar appends them)
# - preloads tcmalloc (or jemalloc) when installed: much faster large tensors on CPU
# - keeps DJL offline: libtorch comes from the jar, nothing is downloaded at run time
# - starts fast: runs the jar extracted (target/app/) with a class-data-sharing archive made once per
#   build by a short training start (6-7 s -> ~3 s to the first answer on a 2-core machine);
#   SDWEBUI_NO_CDS=1 runs the plain jar instead
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
JVM_OPTS=(-Dai.djl.offline=true -Dai.djl.pytorch.num_threads="$(nproc)")

# Fast start (Spring Boot's documented recipe): the extracted jar skips the nested-jar class loader, and
# a CDS archive of the classes a start loads skips their parsing and verification. Both are rebuilt
# whenever the jar is newer. The training start uses a throw-away data dir and port 0, no user flags.
APP=target/app
CDS="$APP/sd-webui.jsa"
prepare_fast_start() {
    if [[ -f "$CDS" && "$CDS" -nt "$JAR" ]]; then
        return 0
    fi
    echo "Preparing the fast start (once per build, ~10 s) ..." >&2
    rm -rf "$APP"
    "$JAVA" -Djarmode=tools -jar "$JAR" extract --destination "$APP" >/dev/null || return 1
    local scratch
    scratch=$(mktemp -d)
    COMMANDLINE_ARGS="" "$JAVA" -XX:ArchiveClassesAtExit="$CDS" -Dspring.context.exit=onRefresh "${JVM_OPTS[@]}" \
        -jar "$APP/sd-webui.jar" --port 0 --data-dir "$scratch" >"$scratch.log" 2>&1
    local rc=$?
    rm -rf "$scratch"
    if [[ $rc -ne 0 || ! -f "$CDS" ]]; then
        echo "warning: could not make the class-data-sharing archive (see $scratch.log); starting the plain jar" >&2
        rm -f "$CDS"
        return 1
    fi
    rm -f "$scratch.log"
}
if [[ -z "${SDWEBUI_NO_CDS:-}" ]] && prepare_fast_start; then
    # shellcheck disable=SC2086
    exec "$JAVA" ${JAVA_OPTS:-} -XX:SharedArchiveFile="$CDS" -Xlog:cds=off -Xlog:cds+dynamic=off "${JVM_OPTS[@]}" \
        -jar "$APP/sd-webui.jar" "$@"
fi
# shellcheck disable=SC2086
exec "$JAVA" ${JAVA_OPTS:-} "${JVM_OPTS[@]}" -jar "$JAR" "$@"
