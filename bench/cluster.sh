#!/usr/bin/env bash
# A cluster without a shared disk, on one machine (issue 20): an S3-compatible server (S3Proxy on a
# filesystem backend), a Spark standalone master and one worker, and a Flink session cluster (a job manager
# and one task manager), all separate processes started from the jars' own classes. Each repository is
# generated twice, with --runner spark --sparkMaster=spark://127.0.0.1:7077 and with --runner flink
# --flinkMaster=127.0.0.1:8081, --out and --cache-dir in the bucket (a cache prefix per runner, so both
# runs are cold); executors and the task manager run with their own HOME and temp folder, so the only way
# the repository and the caches reach them is through the job (the git bundle in the bucket) and S3.
# The shards are compared byte for byte with a direct run to a local folder; everything started is stopped.
# Usage: bench/cluster.sh [NAME...]   default: gson jsoup (corpus repos; ../shared/corpus/make-corpus.sh)
# Env: CLUSTER_WORK (default /tmp/repotune-cluster).
set -uo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)"
names=("$@"); [ ${#names[@]} -gt 0 ] || names=(gson jsoup)
work="${CLUSTER_WORK:-/tmp/repotune-cluster}"
rm -rf "$work"; mkdir -p "$work"/{s3/bucket,spark-home/jars,worker,executor-home,executor-tmp,cache-local} \
  "$work"/{flink-conf,taskmanager-home,taskmanager-tmp}
"$here/repotune" --help >/dev/null 2>&1 || true   # builds the jar if sources changed
jar="$here/pipeline/target/repotune.jar"
cp "$jar" "$work/repotune.jar"; jar="$work/repotune.jar"   # a source edit during the run must not rebuild it

opens=""
for p in java.lang java.lang.invoke java.lang.reflect java.io java.net java.nio java.util \
         java.util.concurrent java.util.concurrent.atomic jdk.internal.ref sun.nio.ch sun.nio.cs \
         sun.security.action sun.util.calendar; do
  opens="$opens --add-opens=java.base/$p=ALL-UNNAMED"
done
export SPARK_LOCAL_IP=127.0.0.1

# S3Proxy and what it needs, resolved by Maven from the versions the test suite uses
s3v=$(sed -n 's|.*<s3proxy.version>\(.*\)</s3proxy.version>.*|\1|p' "$here/pom.xml")
mkdir -p "$work/s3proxy-pom"
cat >"$work/s3proxy-pom/pom.xml" <<EOF
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>bench</groupId><artifactId>s3proxy-cp</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>org.gaul</groupId><artifactId>s3proxy</artifactId><version>$s3v</version></dependency>
    <dependency><groupId>org.apache.tomcat</groupId><artifactId>tomcat-annotations-api</artifactId><version>11.0.29</version></dependency>
  </dependencies>
</project>
EOF
(cd "$work/s3proxy-pom" && mvn -B -q org.apache.maven.plugins:maven-dependency-plugin:3.8.1:build-classpath \
  -Dmdep.outputFile="$work/test-cp.txt" 2>&1 | sed 's/\x1b\[0m//g' | tail -3)
[ -s "$work/test-cp.txt" ] || { echo "could not resolve S3Proxy's class path"; exit 1; }
key=bench-key; secret=bench-secret-0123456789
cat >"$work/s3proxy.conf" <<EOF
s3proxy.endpoint=http://127.0.0.1:19000
s3proxy.authorization=aws-v2-or-v4
s3proxy.identity=$key
s3proxy.credential=$secret
s3proxy.ignore-unknown-headers=true
jclouds.provider=filesystem
jclouds.filesystem.basedir=$work/s3
EOF
pids=()
stop() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done; wait 2>/dev/null; }
trap stop EXIT
# Logback with no configuration logs at DEBUG: Jetty's every selector wake-up, 8.5 GB for jsoup's two runs
cat >"$work/s3proxy-logback.xml" <<EOF
<configuration>
  <appender name="out" class="ch.qos.logback.core.ConsoleAppender"><encoder><pattern>%d %level %logger - %msg%n</pattern></encoder></appender>
  <root level="WARN"><appender-ref ref="out"/></root>
</configuration>
EOF
java -Dlogback.configurationFile="$work/s3proxy-logback.xml" -cp "$(cat "$work/test-cp.txt")" org.gaul.s3proxy.Main \
  --properties "$work/s3proxy.conf" >"$work/s3proxy.log" 2>&1 &
pids+=($!)
java -Xmx1g $opens -cp "$jar" org.apache.spark.deploy.master.Master --host 127.0.0.1 --port 7077 --webui-port 18080 \
  >"$work/master.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do grep -q 'I have been elected leader' "$work/master.log" 2>/dev/null && break; sleep 1; done
touch "$work/spark-home/RELEASE"   # a Spark home holding no jar: the executors take the job jar (extraClassPath)
SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.12 java -Xmx1g $opens -cp "$jar" org.apache.spark.deploy.worker.Worker \
  spark://127.0.0.1:7077 --host 127.0.0.1 --cores 2 --memory 8g --work-dir "$work/worker" --webui-port 18081 \
  >"$work/worker.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do grep -q 'Successfully registered with master' "$work/worker.log" 2>/dev/null && break; sleep 1; done
grep -q 'Successfully registered with master' "$work/worker.log" || { echo "the worker did not register; see $work/worker.log"; exit 1; }
for _ in $(seq 60); do (echo >/dev/tcp/127.0.0.1/19000) 2>/dev/null && break; sleep 1; done
(echo >/dev/tcp/127.0.0.1/19000) 2>/dev/null || { echo "S3Proxy did not start; see $work/s3proxy.log"; exit 1; }

# Flink 1.19's session cluster. Started without Flink's scripts, the task manager is given its memory
# sizes one by one (the scripts derive them and pass them on; Flink refuses to start without them), and
# 1 GB of network buffers: the job's many shuffles need more than 512 at once.
cat >"$work/flink-conf/config.yaml" <<EOF
jobmanager: {rpc: {address: 127.0.0.1, port: 6123}, bind-host: 127.0.0.1, memory: {process: {size: 1600m}}}
rest: {address: 127.0.0.1, bind-address: 127.0.0.1, port: 8081}
parallelism: {default: 2}
io: {tmp: {dirs: $work/taskmanager-tmp}}
taskmanager:
  bind-host: 127.0.0.1
  host: 127.0.0.1
  numberOfTaskSlots: 2
  cpu: {cores: 2}
  memory:
    framework: {heap: {size: 128m}, off-heap: {size: 128m}}
    task: {heap: {size: 3g}, off-heap: {size: 256m}}
    managed: {size: 512m}
    network: {min: 1g, max: 1g}
    jvm-metaspace: {size: 256m}
    jvm-overhead: {min: 192m, max: 192m}
EOF
java -Xmx1g $opens -cp "$jar" org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint \
  --configDir "$work/flink-conf" >"$work/jobmanager.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do grep -q 'Rest endpoint listening' "$work/jobmanager.log" 2>/dev/null && break; sleep 1; done
java -Xmx3300m -XX:MaxDirectMemorySize=1600m -Xss8m $opens -Duser.home="$work/taskmanager-home" \
  -Djava.io.tmpdir="$work/taskmanager-tmp" -cp "$jar" org.apache.flink.runtime.taskexecutor.TaskManagerRunner \
  --configDir "$work/flink-conf" >"$work/taskmanager.log" 2>&1 &
pids+=($!)
for _ in $(seq 60); do grep -q 'Successful registration at resource manager' "$work/taskmanager.log" 2>/dev/null && break; sleep 1; done
grep -q 'Successful registration at resource manager' "$work/taskmanager.log" \
  || { echo "the Flink task manager did not register; see $work/taskmanager.log"; exit 1; }
echo "started: S3Proxy :19000, Spark master :7077, one worker (2 cores); executors get HOME=$work/executor-home"
echo "started: Flink job manager :8081, one task manager (2 slots); it gets HOME=$work/taskmanager-home"

s3args=(--awsRegion=us-east-1 --endpoint=http://127.0.0.1:19000
  "--awsCredentialsProvider={\"@type\":\"StaticCredentialsProvider\",\"accessKeyId\":\"$key\",\"secretAccessKey\":\"$secret\"}")
status=0
for name in "${names[@]}"; do
  src="file://$HOME/.cache/repotune-corpus/$name.git"
  # direct, local, with the launcher's flags (the copied jar: a source edit meanwhile must not rebuild it)
  t0=$(date +%s.%N)
  REPOTUNE_CACHE="$work/cache-direct" java -Xss8m -XX:+UseStringDeduplication $opens -Dspark.ui.enabled=false \
    -jar "$jar" generate "$src" --out "$work/direct-$name" \
    >"$work/direct-$name.log" 2>&1 || { echo "$name: direct run failed (see $work/direct-$name.log)"; status=1; continue; }
  t1=$(date +%s.%N)
  # the cluster: the driver here, its clone in a local cache of its own; output and caches in the bucket
  REPOTUNE_CACHE="$work/cache-local" java -Xss8m $opens -Dspark.ui.enabled=false \
    -Dspark.executor.extraClassPath="$jar" -Dspark.executor.memory=6g \
    -Dspark.executor.extraJavaOptions="-Xss8m -Duser.home=$work/executor-home -Djava.io.tmpdir=$work/executor-tmp $opens" \
    -jar "$jar" generate "$src" --runner spark --out "s3://bucket/$name" --cache-dir s3://bucket/cache \
    -- --sparkMaster=spark://127.0.0.1:7077 "${s3args[@]}" >"$work/spark-$name.log" 2>&1 \
    || { echo "$name: spark run failed (see $work/spark-$name.log)"; tail -5 "$work/spark-$name.log"; status=1; continue; }
  t2=$(date +%s.%N)
  # the Flink session cluster, the same way, with a cache of its own so that it runs cold too
  REPOTUNE_CACHE="$work/cache-local" java -Xss8m $opens -jar "$jar" generate "$src" --runner flink \
    --out "s3://bucket/flink-$name" --cache-dir s3://bucket/cache-flink \
    -- --flinkMaster=127.0.0.1:8081 --parallelism=2 "${s3args[@]}" >"$work/flink-$name.log" 2>&1 \
    || { echo "$name: flink run failed (see $work/flink-$name.log)"; tail -5 "$work/flink-$name.log"; status=1; continue; }
  t3=$(date +%s.%N)
  files=$(cd "$work/direct-$name" && find . -type f ! -name manifest.json | wc -l)
  same=()
  for run in "$name" "flink-$name"; do
    if diff -r -q -x manifest.json "$work/direct-$name" "$work/s3/bucket/$run" >"$work/$run.diff"; then
      same+=("identical")
    else
      same+=("DIFFERENT (see $work/$run.diff)"); status=1
    fi
  done
  printf '%-8s direct %6.1f s   spark cluster to s3 %6.1f s   flink cluster to s3 %6.1f s\n' "$name" \
    "$(echo "$t1 - $t0" | bc)" "$(echo "$t2 - $t1" | bc)" "$(echo "$t3 - $t2" | bc)"
  echo "         $files files; spark's ${same[0]}, flink's ${same[1]} (manifest.json aside)"
  apps=$(ls "$work/worker" | wc -l)
  echo "         executors ran in $apps application folder(s) under $work/worker; bundles unpacked there: $(find "$work/executor-tmp" -maxdepth 3 -name done | wc -l)"
  echo "         flink jobs finished on the session cluster: $(grep -c 'switched from state RUNNING to FINISHED' "$work/jobmanager.log"); bundles unpacked in the task manager: $(find "$work/taskmanager-tmp" -maxdepth 3 -name done | wc -l)"
done
echo "driver's cache: $(du -sh "$work/cache-local" | cut -f1) (clones only); bucket cache: $(du -sh "$work/s3/bucket/cache" 2>/dev/null | cut -f1)"
exit $status
