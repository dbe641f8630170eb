# Shared by the scripts in this folder: repository paths, the JVM flags Spark 4 needs on Java 17,
# and a build step that makes the application jar, the sample generator's jar and the classpath of
# their provided dependencies. Source it; don't run it.

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
APP_JAR="$REPO_ROOT/target/claimlens.jar"
# the sample generator (its own Maven module, generator/): its classes and parquet-avro; it runs
# with the application jar (the input schemas) and Spark's classpath beside it
GENERATOR_JAR="$REPO_ROOT/generator/target/claimlens-generator.jar"
CLASSPATH_FILE="$REPO_ROOT/target/classpath.txt"
# the poms: the parent (shared versions and plugins) and the job's (app/pom.xml)
POMS=("$REPO_ROOT/pom.xml" "$REPO_ROOT/app/pom.xml")
MAIN_CLASS="io.claimlens.job.ClaimlensMain"
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"

# One source of truth for Spark's JavaModuleOptions: the pom's spark.jvm.flags property.
SPARK_JVM_FLAGS="$(sed -n 's:.*<spark.jvm.flags>\(.*\)</spark.jvm.flags>.*:\1:p' "$REPO_ROOT/pom.xml")"

# Builds both jars when either is missing or older than any source, and writes the runtime
# classpath of Spark, Hadoop and S3A that a cluster would otherwise supply (the pom's local-spark
# profile, for the job's module).
ensure_built() {
  local stale jar
  stale=""
  for jar in "$APP_JAR" "$GENERATOR_JAR"; do
    if [[ ! -f "$jar" ]]; then
      stale=yes
    elif [[ -n "$(find "$REPO_ROOT/src/main" "$REPO_ROOT/jobs/policies" "$REPO_ROOT/generator/src/main" \
      "$REPO_ROOT/generator/pom.xml" "${POMS[@]}" -newer "$jar" -type f -print -quit)" ]]; then
      stale=yes
    fi
  done
  if [[ -n "$stale" ]]; then
    echo "claimlens: building the application and generator jars (mvn package -DskipTests)..." >&2
    (cd "$REPO_ROOT" && mvn -B -q -DskipTests package) >&2
  fi
  ensure_classpath_file "$CLASSPATH_FILE" runtime -Plocal-spark
}

# Writes the app module's classpath of scope $2 into file $1 (more Maven words after) when a pom is
# newer than it. The plugin leaves a file whose content would not change as it was, so the file is
# touched: a pom change that did not change the classpath had Maven run again at every later run
# of every script (3.7 s each).
ensure_classpath_file() {
  local file="$1" scope="$2"
  shift 2
  if [[ ! -f "$file" || -n "$(find "${POMS[@]}" -newer "$file" -print -quit)" ]]; then
    (cd "$REPO_ROOT" && mvn -B -q "$@" -pl app dependency:build-classpath -DincludeScope="$scope" \
      -Dmdep.outputFile="$file") >&2
    touch "$file"
  fi
}

# The DuckDB reference implementation and its comparison tool are test classes
# (src/test/java/io/claimlens/reference): they need the compiled test classes and the test classpath,
# whose duckdb_jdbc never goes into the application jar.
TEST_CLASSPATH_FILE="$REPO_ROOT/target/test-classpath.txt"
REFERENCE_STAMP="$REPO_ROOT/target/test-classes/.reference-built"

# Compiles the test classes when any test source, resource or the pom is newer than the last build
# (a stamp file, since an unchanged class file keeps its old time), and writes the test classpath.
ensure_reference_built() {
  if [[ ! -f "$REFERENCE_STAMP" || -n "$(find "$REPO_ROOT/src" "${POMS[@]}" -newer "$REFERENCE_STAMP" -type f -print -quit)" ]]; then
    echo "claimlens: compiling the DuckDB reference (mvn package -DskipTests)..." >&2
    (cd "$REPO_ROOT" && mvn -B -q -DskipTests package) >&2
    touch "$REFERENCE_STAMP"
  fi
  ensure_classpath_file "$TEST_CLASSPATH_FILE" test
}

# Runs a class of the bench's tools (the reference, the comparison, the event log's summary):
# run_reference_tool CLASS ARGS... DuckDB's memory is its own (native), so the JVM needs little heap.
run_reference_tool() {
  java -Xmx1g -cp "$REPO_ROOT/target/test-classes:$REPO_ROOT/target/classes:$(cat "$TEST_CLASSPATH_FILE")" "$@"
}

# The --conf words that make io.claimlens.io.ShellFreeLocalFileSystem the file system of file: paths
# for master $1 when it is local mode: without Hadoop's native library, which Maven's Spark does not
# bring, Hadoop's own starts a chmod or ls process for each folder and file it makes and each file
# status it reads, 135 a night on the sample (docs/benchmarks.md). None for a cluster's master, whose
# executors load their file systems from their own classpath. Put before a user's words, which win.
local_file_system_conf() {
  if [[ "$1" == local* ]]; then
    echo "--conf spark.hadoop.fs.file.impl=io.claimlens.io.ShellFreeLocalFileSystem"
  fi
}

# The class-data-sharing archive of the classes a run loads (CDS, JDK 17's -XX:SharedArchiveFile):
# Spark, Catalyst, Parquet and Hadoop classes mapped already parsed and verified instead of loaded
# from ~300 jars at every start. A run loads most of them while it works, so this is job time, not
# just start-up: on the sample 0.87x the wall and 0.91x the CPU of a run without it (4 pairs,
# docs/benchmarks.md). One archive per build and JDK: its name hashes the JDK's version and the
# size and time of every jar on the classpath, which the JVM checks too.
CLASS_ARCHIVE_DIR="$REPO_ROOT/target/class-archive"
CLASS_ARCHIVE=""

# The archive of this build and JDK, recorded or not yet: sets CLASS_ARCHIVE_PATH.
class_archive_path() {
  local key
  # shellcheck disable=SC2046  # the classpath's jars as words on purpose
  key="$({ java -version 2>&1; stat -c '%n %s %Y' "$APP_JAR" $(tr ':' ' ' < "$CLASSPATH_FILE"); } \
    | sha256sum | cut -c1-16)"
  CLASS_ARCHIVE_PATH="$CLASS_ARCHIVE_DIR/claimlens-$key.jsa"
}

# Keeps the archive a successful run recorded at $1 as this build's, in place of an earlier build's.
keep_class_archive() {
  mkdir -p "$CLASS_ARCHIVE_DIR"
  # an earlier build's archive no longer matches its jars
  rm -f "$CLASS_ARCHIVE_DIR"/claimlens-*.jsa
  mv "$1" "$CLASS_ARCHIVE_PATH"
}

# Whether runs use a class archive: not when CLAIMLENS_CLASS_ARCHIVE=off, nor with extra jars ahead
# of the classpath the archive holds, nor for a run that records or names an archive itself.
class_archive_wanted() {
  [[ "${CLAIMLENS_CLASS_ARCHIVE:-}" != off && -z "${CLAIMLENS_EXTRA_JARS:-}" \
    && "${CLAIMLENS_JAVA_OPTS:-}" != *Archive* && "${CLAIMLENS_JAVA_OPTS:-}" != *-Xshare* ]]
}

# Sets CLASS_ARCHIVE for run_java (after ensure_built), recording it first if this build has none:
# a run of the job on the committed sample with -XX:ArchiveClassesAtExit (about 45 s, once). For
# bench.sh, whose clock must time a run like any other; the other scripts record from their own
# first run (run_java_archived). A failed recording only costs the speed-up, with a warning.
ensure_class_archive() {
  class_archive_wanted || return 0
  class_archive_path
  if [[ ! -f "$CLASS_ARCHIVE_PATH" ]]; then
    echo "claimlens: recording the classes a run loads, once per build, for faster starts (about 45 s)..." >&2
    local tmp
    tmp="$(mktemp -d "${TMPDIR:-/tmp}/claimlens-class-archive.XXXXXX")"
    # shellcheck disable=SC2046  # the --conf words on purpose
    if CLAIMLENS_JAVA_OPTS="-Xmx2g -XX:ArchiveClassesAtExit=$tmp/classes.jsa" \
      run_java org.apache.spark.deploy.SparkSubmit --master "local[*]" --conf spark.ui.enabled=false \
      $(local_file_system_conf "local[*]") \
      --class "$MAIN_CLASS" "$APP_JAR" --input "$REPO_ROOT/data-samples/marketplace" \
      --output "$tmp/out" --as-of 2026-06-30 > "$tmp/run.log" 2>&1 && [[ -s "$tmp/classes.jsa" ]]; then
      keep_class_archive "$tmp/classes.jsa"
    else
      echo "claimlens: warning: no class archive (runs start slower); the recording run's log:" >&2
      tail -5 "$tmp/run.log" >&2
    fi
    rm -rf "$tmp"
  fi
  [[ -f "$CLASS_ARCHIVE_PATH" ]] && CLASS_ARCHIVE="$CLASS_ARCHIVE_PATH"
  return 0
}

# run_java CLASS ARGS... from this build's class archive (after ensure_built). A build's first run
# records the archive itself as it exits, kept only when the run succeeds: the JVM writes the
# classes it loaded in about 15 s on the sample, where a recording run of its own before the first
# run (ensure_class_archive) took about 45 s.
run_java_archived() {
  if ! class_archive_wanted; then
    run_java "$@"
    return
  fi
  class_archive_path
  if [[ -f "$CLASS_ARCHIVE_PATH" ]]; then
    CLASS_ARCHIVE="$CLASS_ARCHIVE_PATH"
    run_java "$@"
    return
  fi
  echo "claimlens: this build's first run also records the classes it loads, for faster starts (about 15 s as it exits)" >&2
  local tmp rc=0
  tmp="$(mktemp -d "${TMPDIR:-/tmp}/claimlens-class-archive.XXXXXX")"
  # the dump's warnings (classes it leaves out) would land among the job's own output
  CLAIMLENS_JAVA_OPTS="${CLAIMLENS_JAVA_OPTS:-} -XX:ArchiveClassesAtExit=$tmp/classes.jsa -Xlog:cds=off" \
    run_java "$@" || rc=$?
  if [[ $rc -eq 0 && -s "$tmp/classes.jsa" ]]; then
    keep_class_archive "$tmp/classes.jsa"
  fi
  rm -rf "$tmp"
  return $rc
}

# Runs a class with Spark, Hadoop and the app on the classpath: run_java CLASS ARGS...
# Extra JVM options (heap size) come from CLAIMLENS_JAVA_OPTS, extra jars before the app's from
# CLAIMLENS_EXTRA_JARS. The collector is the parallel (throughput) one unless those options name
# another: a batch job wants throughput, not short pauses, and it took 0.87x the CPU of the default
# G1 on the sample and 0.92x at 1,000,000 orders (docs/benchmarks.md). The optimising compiler (C2)
# waits for ten times the JVM's default calls before it compiles a method, unless those options set
# a Tier4 threshold: Spark runs a night's hundreds of small stages through code that is warm but
# never hot, and on two cores C2 compiling it competed with the job. On the sample: 0.82x the CPU
# and 0.89x the wall time; at 1,000,000 orders no gain (wall 1.02x and 1.06x in two single pairs,
# CPU 0.99x and 0.98x: docs/benchmarks.md).
run_java() {
  local collector="-XX:+UseParallelGC"
  [[ "${CLAIMLENS_JAVA_OPTS:-}" == *-XX:+Use*GC* ]] && collector=""
  local jit="-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=20000"
  jit+=" -XX:Tier4CompileThreshold=60000 -XX:Tier4BackEdgeThreshold=400000"
  [[ "${CLAIMLENS_JAVA_OPTS:-}" == *-XX:Tier4* ]] && jit=""
  # HotSpot never compiles a method over 8,000 bytes of bytecode unless told to; Spark generates one
  # such method in a night (seller_risk's per-row facts folded per seller), which ran interpreted
  jit+=" -XX:-DontCompileHugeMethods"
  # C2 inlines less unless those options choose: hot callees up to 100 bytes of bytecode, not
  # 325, into callers whose compiled code is under 1,000 bytes, not 2,500. Compiling was about half
  # of a night's CPU at 1,000,000 orders (C2 67-71 s of compile time, most of it Spark's
  # generated classes and Janino), and Spark's hot loops gain little from the deeper inlining:
  # C2's time 35-42 s, the night 0.97x the wall and 0.94x the CPU (docs/benchmarks-log.md, item 96)
  if [[ "${CLAIMLENS_JAVA_OPTS:-}" != *Inline* ]]; then
    jit+=" -XX:FreqInlineSize=100 -XX:InlineSmallCode=1000"
  fi
  # The heap in 2 MB pages where the kernel hands them out on request (transparent huge pages in
  # madvise mode, as on this machine; in "always" mode the heap gets them anyway): a night's heap
  # is touched a page at a time as it grows, and with 4 kB pages the kernel's page faults and
  # zeroing were about 13% of the process's CPU. At 1,000,000 orders, six pairs: 0.87x the time,
  # 0.75x the system CPU (docs/benchmarks-log.md, item 120). Those options naming HugePages decide
  local pages=""
  if [[ "${CLAIMLENS_JAVA_OPTS:-}" != *HugePages* ]] &&
    grep -qs '\[madvise\]' /sys/kernel/mm/transparent_hugepage/enabled; then
    pages="-XX:+UseTransparentHugePages"
  fi
  local archive=""
  if [[ -n "$CLASS_ARCHIVE" ]] && class_archive_wanted; then
    archive="-XX:SharedArchiveFile=$CLASS_ARCHIVE"
  fi
  # shellcheck disable=SC2086  # the flags are a word list on purpose
  java ${CLAIMLENS_JAVA_OPTS:-} $collector $jit $pages $archive $SPARK_JVM_FLAGS \
    -Dlog4j2.configurationFile="$REPO_ROOT/scripts/log4j2.properties" \
    -cp "${CLAIMLENS_EXTRA_JARS:+$CLAIMLENS_EXTRA_JARS:}$APP_JAR:$(cat "$CLASSPATH_FILE")" "$@"
}

# Runs the sample generator (after ensure_built) with 1 GB of heap, as it streams order by order:
# run_generator ARGUMENTS... (data-samples/README.md lists them).
run_generator() {
  CLAIMLENS_JAVA_OPTS="-Xmx1g" CLAIMLENS_EXTRA_JARS="$GENERATOR_JAR" \
    run_java io.claimlens.samples.SampleGenerator "$@"
}

# Runs main class $1 of the application jar through SparkSubmit in local mode, with the rest of the
# arguments, for the small tools over published tables (query.sh, report.sh): builds first, adds
# CLAIMLENS_SPARK_CONF's words (the S3 settings), heap CLAIMLENS_DRIVER_MEMORY (default 2g).
submit_tool() {
  local main_class="$1"
  shift
  ensure_built
  local master="${CLAIMLENS_MASTER:-local[*]}"
  # shellcheck disable=SC2206  # extra --conf words on purpose
  local extra_conf=($(local_file_system_conf "$master") ${CLAIMLENS_SPARK_CONF:-})
  CLAIMLENS_JAVA_OPTS="-Xmx${CLAIMLENS_DRIVER_MEMORY:-2g} ${CLAIMLENS_JAVA_OPTS:-}" \
    run_java_archived org.apache.spark.deploy.SparkSubmit \
    --master "$master" \
    --conf spark.ui.enabled=false \
    --conf spark.sql.shuffle.partitions="$(nproc)" \
    "${extra_conf[@]}" \
    --class "$main_class" "$APP_JAR" "$@"
}
