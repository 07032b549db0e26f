#!/usr/bin/env python3
"""Where a run's CPU goes, by pipeline step: reads a JFR recording's execution samples and charges each
sample to the innermost repotune DoFn/stage frame on its stack (else to the runner or library at the top).

  REPOTUNE_JAVA_OPTS="-XX:StartFlightRecording=filename=rec.jfr,settings=profile" ./repotune generate ...
  python3 bench/jfr-stages.py rec.jfr
"""
import collections, re, subprocess, sys

rec = sys.argv[1]
text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "96", rec],
                      capture_output=True, text=True, check=True).stdout
frame = re.compile(r"^\s+([\w$.<>/]+)\(")
by_step, by_top, total = collections.Counter(), collections.Counter(), 0
for block in text.split("jdk.ExecutionSample")[1:]:
    frames = [m.group(1) for m in map(frame.match, block.splitlines()) if m]
    if not frames:
        continue
    total += 1
    step = next((f for f in frames if f.startswith("dev.repotune.") and ("Fn." in f or "Fn$" in f)), None)
    if step is None:
        step = next((f for f in frames if f.startswith("dev.repotune.")), None)
    if step is None:
        beam = next((f for f in frames if "beam.runners.direct" in f), None)
        step = "(runner) " + beam.rsplit(".", 2)[-2] if beam else "(other) " + frames[0].rsplit(".", 1)[0]
    else:
        step = re.sub(r"\$\$Lambda.*", "", step.rsplit(".", 1)[0].replace("dev.repotune.", ""))
    by_step[step] += 1
    by_top[frames[0].rsplit(".", 1)[0]] += 1
print(f"{total} samples")
print("by step (innermost repotune DoFn on the stack):")
for k, v in by_step.most_common(25):
    print(f"  {100 * v / total:5.1f}%  {k}")
print("by top frame's class:")
for k, v in by_top.most_common(15):
    print(f"  {100 * v / total:5.1f}%  {k}")
