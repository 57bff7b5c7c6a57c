#!/usr/bin/env bash
# The recipes of deploy/ emulated on this machine: every shard its own process, with
# the environment variables the scheduler sets (Slurm: SLURM_ARRAY_TASK_ID,
# SLURM_ARRAY_TASK_COUNT, SLURM_ARRAY_JOB_ID, SLURM_JOB_ID, SLURM_CPUS_PER_TASK;
# Kubernetes: JOB_COMPLETION_INDEX and the manifest's env), running the commands of
# the scripts and manifests themselves; then the merge step, whose output must equal
# the unsharded run's byte for byte. Called by .ci/run.
set -euo pipefail
cd "$(dirname "$0")/.."
python=$(.ci/venv)
cargo build --quiet -p railshed-cli --locked
bin="$PWD/target/debug"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
comparison=(npr-tfn)
shards=3
passed=0 failed=0
same() { # NAME DIR: DIR equals the unsharded run's folder, byte for byte
    if diff -r "$tmp/whole" "$2" >/dev/null; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAIL $1"; fi
}

"$bin/railshed" --quiet compare "${comparison[@]}" --out "$tmp/whole" >/dev/null

# Slurm: an array of $shards tasks running at once, then the merge job.
pids=()
for ((i = 0; i < shards; i++)); do
    env SLURM_ARRAY_TASK_ID=$i SLURM_ARRAY_TASK_COUNT=$shards SLURM_ARRAY_JOB_ID=4242 \
        SLURM_JOB_ID=$((4243 + i)) SLURM_CPUS_PER_TASK=1 \
        RAILSHED="$bin/railshed" PARTS="$tmp/slurm/parts" \
        bash deploy/slurm/railshed-shards.sbatch "${comparison[@]}" &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
env SLURM_JOB_ID=4300 RAILSHED="$bin/railshed" PARTS="$tmp/slurm/parts" OUT="$tmp/slurm/out" \
    bash deploy/slurm/railshed-merge.sbatch
same "Slurm array then merge" "$tmp/slurm/out"

# Kubernetes: the Indexed Job's command in one process per index, with the manifest's
# environment (the comparison, shard count and paths set here), then the merge Job's.
"$python" - "$tmp" "${comparison[*]}" "$shards" > "$tmp/k8s.sh" <<'PY'
import shlex, sys, yaml
tmp, comparison, shards = sys.argv[1], sys.argv[2], int(sys.argv[3])
def job(path):
    doc = yaml.safe_load(open(path))
    spec = doc["spec"]
    c = spec["template"]["spec"]["containers"][0]
    env = {e["name"]: e["value"] for e in c.get("env", [])}
    assert c["command"] == ["/bin/sh", "-c"], c["command"]
    return spec, env, c["args"][0]
spec, env, script = job("deploy/kubernetes/railshed-shards.yaml")
assert spec["completionMode"] == "Indexed"
assert int(env["SHARDS"]) == spec["completions"], "SHARDS must equal completions"
env.update(SHARDS=str(shards), COMPARISON=comparison, PARTS=f"{tmp}/k8s/parts")
assign = " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items())
print("pids=()")
for i in range(shards):
    print(f"env JOB_COMPLETION_INDEX={i} {assign} /bin/sh -c {shlex.quote(script)} &")
    print("pids+=($!)")
print('for p in "${pids[@]}"; do wait "$p"; done')
spec, env, script = job("deploy/kubernetes/railshed-merge.yaml")
env.update(PARTS=f"{tmp}/k8s/parts", OUT=f"{tmp}/k8s/out")
print("env " + " ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()) + f" /bin/sh -c {shlex.quote(script)}")
PY
PATH="$bin:$PATH" bash "$tmp/k8s.sh"
same "Kubernetes Indexed Job then merge" "$tmp/k8s/out"

echo "deploy recipes: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
