#!/usr/bin/env bash
# Builds, on the development machine, everything ci/gpu-check.sh needs on the GPU machine (which
# has no network, no Maven and maybe no Java) into .gpu/ (ignored by git), within the device
# tool's carry limit (ci/gpu-limits.sh):
#   .gpu/lib/        our jars (library, tests, bench, examples, ci) and their runtime dependencies,
#                    plus the JUnit console launcher; checked: the library jar holds the kernel
#                    fatbin with every kernel the Java side launches
#   .gpu/jre.tar.xz  a small Java runtime (jlink), used only where the machine has no Java 17+,
#                    from the JDK here that needs the oldest glibc (see pick_jdk)
#   .gpu/data/       the labelled IMDB archive recompressed with xz, and the GloVe 100-d vectors of
#                    the IMDB training vocabulary (min-freq 5) byte for byte, also xz
# Usage: ci/gpu-prepare.sh   (then carry ".gpu" with the device tool and run ci/gpu-check.sh)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
. ci/gpu-limits.sh
shared=${RNN4J_SHARED_DATA:-$root/../shared/data}
# ci/junit_summary.py imports the package in python/ (python/README.md).
export PYTHONPATH="$root/python${PYTHONPATH:+:$PYTHONPATH}"
out=.gpu
mkdir -p "$out/lib" "$out/data"

# The one file matching a pattern, or an error naming all matches (or none).
one_file() {
  local matches=()
  while IFS= read -r f; do matches+=("$f"); done < <(compgen -G "$1" | grep -v -E -- '-(sources|javadoc|tests)\.jar$' | sort)
  if [ "${#matches[@]}" -ne 1 ]; then
    echo "[prepare] ERROR: expected one file matching $1, found ${#matches[@]}: ${matches[*]:-none}" >&2
    return 1
  fi
  echo "${matches[0]}"
}

echo "[prepare] building jars"
rm -f "$out"/lib/*.jar
rm -rf "$out/lib-fallback" # older layouts carried a second set of presets
mvn -q -B -DskipTests package dependency:copy-dependencies \
  -DoutputDirectory="$root/$out/lib" -DincludeScope=runtime -DexcludeGroupIds=org.rnn4j \
  -DexcludeArtifactIds=pdfbox,pdfbox-io,fontbox,graphics2d,VectorGraphics2D,animated-gif-lib,commons-logging
mvn -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4 \
  -DoutputDirectory="$root/$out/lib"
# The JavaCPP 1.5.14 presets (built against CUDA 13.3) load against CUDA 13.0's libcudart.so.13:
# the JNI library binds functions lazily, and every runtime function rnn4j calls exists in 13.0.
cp "$(one_file 'java/target/rnn4j-*.jar')" "$out/lib/rnn4j.jar"
cp "$(one_file 'bench/target/rnn4j-bench-*.jar')" "$out/lib/rnn4j-bench.jar"
cp "$(one_file 'examples/target/rnn4j-examples-*.jar')" "$out/lib/rnn4j-examples.jar"
cp "$(one_file 'ci/target/rnn4j-ci-*.jar')" "$out/lib/rnn4j-ci.jar"
(cd java/target/test-classes && jar cf "$root/$out/lib/rnn4j-tests.jar" .)

echo "[prepare] checking that the packed library holds every kernel"
# KernelResourceTest reads the fatbin from the classpath, here the packed jar: it must pass, not
# be skipped (it skips where the build found no nvcc and packed no fatbin).
kcheck=$(mktemp -d)
java -jar "$(one_file "$out/lib/junit-platform-console-standalone-*.jar")" execute \
  --class-path "$out/lib/rnn4j.jar:$out/lib/rnn4j-tests.jar:$(find "$out/lib" -name '*.jar' ! -name 'rnn4j*' ! -name 'junit-platform-console*' | tr '\n' ':')" \
  --select-class org.rnn4j.cuda.KernelResourceTest --reports-dir "$kcheck" --disable-banner \
  --details none >/dev/null 2>&1 || true
if ! python3 ci/junit_summary.py "$kcheck"; then
  echo "[prepare] ERROR: $out/lib/rnn4j.jar lacks rnn4j_kernels.fatbin or a kernel in it (was nvcc found by the build?)" >&2
  rm -rf "$kcheck"
  exit 1
fi
rm -rf "$kcheck"

# The JDK to jlink the carried runtime from: of the JDKs here (17 or newer), the one whose native
# code needs the oldest glibc, so that the runtime also starts on an older distribution than
# this one. Prints "glibc-version path".
pick_jdk() {
  local home v
  for home in ${RNN4J_JLINK_JDK:-} "${JAVA_HOME:-}" \
      "$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")" /usr/lib/jvm/*; do
    [ -x "$home/bin/jlink" ] || continue
    "$home/bin/java" -version 2>&1 | grep -Eq 'version "(1[7-9]|[2-9][0-9])' || continue
    v=$( (find "$home/lib" -name '*.so'; echo "$home/bin/java") | xargs objdump -T 2>/dev/null \
      | grep -o 'GLIBC_[0-9.]*' | sed 's/GLIBC_//' | sort -V | tail -1)
    [ -n "$v" ] && echo "$v $(readlink -f "$home")"
  done | sort -V | head -1
}

# jdk.zipfs: the JUnit console scans the tests jar through the zip file system; without it the
# runtime finds 0 tests. jdk.incubator.vector: the CPU backend's matrix products (the JMH forks
# ask for it). The module list and the JDK are stamped so that a change rebuilds it.
modules=java.base,jdk.unsupported,java.logging,java.management,java.xml,java.sql,jdk.zipfs,jdk.incubator.vector
read -r glibc jdk <<<"$(pick_jdk)" || true
if [ -z "${jdk:-}" ]; then
  echo "[prepare] ERROR: no JDK 17+ with jlink found" >&2
  exit 1
fi
stamp="$modules $jdk $("$jdk/bin/java" -version 2>&1 | head -1)"
if [ ! -s "$out/jre.tar.xz" ] || [ "$(cat "$out/jre.modules" 2>/dev/null)" != "$stamp" ]; then
  echo "[prepare] building a Java runtime from $jdk (its native code needs glibc $glibc or newer)"
  tmp=$(mktemp -d)
  "$jdk/bin/jlink" --add-modules "$modules" \
    --strip-debug --no-header-files --no-man-pages --output "$tmp/jre"
  tar -C "$tmp" -cf - jre | xz -9 -T2 > "$out/jre.tar.xz"
  echo "$stamp" > "$out/jre.modules"
  rm -rf "$tmp"
fi

if [ ! -s "$out/data/aclImdb_labelled.tar.xz" ]; then
  echo "[prepare] recompressing the labelled IMDB archive with xz (about 2 minutes)"
  gzip -dc "$shared/aclImdb_v1_labelled.tar.gz" | xz -9 -T2 > "$out/data/aclImdb_labelled.tar.xz.tmp"
  mv "$out/data/aclImdb_labelled.tar.xz.tmp" "$out/data/aclImdb_labelled.tar.xz"
fi
if [ ! -s "$out/data/glove.imdb.100d.txt.xz" ]; then
  echo "[prepare] GloVe vectors of the IMDB training vocabulary"
  tmp=$(mktemp)
  java -cp "$(find "$out/lib" -maxdepth 1 -name '*.jar' ! -name 'junit-platform-console-standalone-*' \
    | sort | tr '\n' ':')" org.rnn4j.ci.GloveSubset \
    "$shared/aclImdb_v1_labelled.tar.gz" "$shared/glove.6B.100d.imdbvocab.txt.gz" "$tmp"
  xz -9 -T2 -c "$tmp" > "$out/data/glove.imdb.100d.txt.xz"
  rm -f "$tmp"
fi

bytes=$(du -sb "$out" | cut -f1)
# The device tool's limit counts the whole working tree that travels: tracked files, untracked
# files git does not ignore, and the carried .gpu.
tree=$( (git ls-files -z; git ls-files -z --others --exclude-standard) | xargs -0 -r du -cb 2>/dev/null \
  | awk '$2 == "total" {s += $1} END {print s + 0}')
echo "[prepare] .gpu holds $((bytes / 1048576)) MiB; with the working tree $(((bytes + tree) / 1048576)) MiB travel"
du -sh "$out"/* "$out"/lib | sort -h | tail -8
if [ $((bytes + tree)) -gt "$GPU_CARRY_LIMIT_BYTES" ]; then
  echo "[prepare] ERROR: .gpu and the working tree are over the device tool's" \
    "$((GPU_CARRY_LIMIT_BYTES / 1048576)) MiB limit (ci/gpu-limits.sh)" >&2
  exit 1
fi
