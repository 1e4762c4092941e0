#!/usr/bin/env bash
# Builds, on the development machine, everything ci/gpu-check.sh needs on the GPU machine (which
# has no network, no Maven and maybe no Java) into .gpu/ (ignored by git), within the device
# tool's 64 MiB carry limit:
#   .gpu/lib/        our jars (library, tests, bench, examples) and their runtime dependencies,
#                    plus the JUnit console launcher
#   .gpu/lib-fallback/ the JavaCPP 1.5.13 presets, used only if 1.5.14's do not load there
#   .gpu/jre.tar.xz  a small Java 17 runtime (jlink), used only where the machine has no Java 17+
#   .gpu/data/       the labelled IMDB archive recompressed with xz, and the GloVe 100-d vectors of
#                    the IMDB training vocabulary (min-freq 5) byte for byte, also xz
# Usage: ci/gpu-prepare.sh   (then carry ".gpu" with the device tool and run ci/gpu-check.sh)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
shared=${RNN4J_SHARED_DATA:-$root/../shared/data}
out=.gpu
mkdir -p "$out/lib" "$out/data"

echo "[prepare] building jars"
rm -f "$out"/lib/*.jar
mvn -q -B -DskipTests package dependency:copy-dependencies \
  -DoutputDirectory="$root/$out/lib" -DincludeScope=runtime -DexcludeGroupIds=org.rnn4j \
  -DexcludeArtifactIds=pdfbox,pdfbox-io,fontbox,graphics2d,VectorGraphics2D,animated-gif-lib,commons-logging
mvn -q -B dependency:copy -Dartifact=org.junit.platform:junit-platform-console-standalone:1.14.4 \
  -DoutputDirectory="$root/$out/lib"
# The issue's fallback if the 1.5.14 presets (CUDA 13.3) do not load against the machine's CUDA 13.0
# libraries: the 1.5.13 presets (CUDA 13.1, cuDNN 9.19); gpu-check.sh swaps them in if needed.
rm -rf "$out/lib-fallback"
for a in org.bytedeco:javacpp:1.5.13 org.bytedeco:javacpp:1.5.13:jar:linux-x86_64 \
    org.bytedeco:cuda:13.1-9.19-1.5.13 org.bytedeco:cuda:13.1-9.19-1.5.13:jar:linux-x86_64; do
  mvn -q -B dependency:copy -Dartifact=$a -DoutputDirectory="$root/$out/lib-fallback"
done
cp java/target/rnn4j-*.jar "$out/lib/rnn4j.jar"
cp bench/target/rnn4j-bench-*.jar "$out/lib/rnn4j-bench.jar"
cp examples/target/rnn4j-examples-*.jar "$out/lib/rnn4j-examples.jar"
(cd java/target/test-classes && jar cf "$root/$out/lib/rnn4j-tests.jar" .)

# jdk.zipfs: the JUnit console scans the tests jar through the zip file system; without it the
# runtime finds 0 tests. The module list is stamped so that a change rebuilds the runtime.
modules=java.base,jdk.unsupported,java.logging,java.management,java.xml,java.sql,jdk.zipfs
if [ ! -s "$out/jre.tar.xz" ] || [ "$(cat "$out/jre.modules" 2>/dev/null)" != "$modules" ]; then
  echo "[prepare] building a Java runtime"
  jdk=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
  tmp=$(mktemp -d)
  "$jdk/bin/jlink" --add-modules "$modules" \
    --strip-debug --no-header-files --no-man-pages --compress=0 --output "$tmp/jre"
  tar -C "$tmp" -cf - jre | xz -9 -T2 > "$out/jre.tar.xz"
  echo "$modules" > "$out/jre.modules"
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
  java -cp bench/target/benchmarks.jar org.rnn4j.bench.GloveSubset \
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
if [ $((bytes + tree)) -gt $((64 * 1048576)) ]; then
  echo "[prepare] ERROR: .gpu and the working tree are over the device tool's 64 MiB limit" >&2
  exit 1
fi
