#!/usr/bin/env bash
# Basins grid as a Slurm job array: one shard per array task, then one dependent job that merges the shards.
#
#   scripts/basins-slurm.sh SHARDS OUT_DIR [basins options...]
#   e.g. scripts/basins-slurm.sh 16 runs/basins --classes 2,3,4,5 --dim 1,2,3,4,6 --rho 0.1,0.3,0.5 --seeds 32
#
# Submits `sbatch --array=0-(SHARDS-1)`; task i runs `./harness basins ... --shard i/SHARDS --out OUT_DIR/shard-i.jsonl`
# (a task that is requeued or resubmitted resumes its own file), then `./harness basins merge` writes
# OUT_DIR/basins.jsonl, OUT_DIR/basins-cells.csv and OUT_DIR/basins-phase.svg. Every task must pass the same options.
# The script sets --threads, --quiet, --shard and --out itself. If a task fails, Slurm cancels the merge job; running
# the same command again skips the runs already in the shard files.
# Extra sbatch settings: SBATCH_ARGS (e.g. SBATCH_ARGS="--partition=short --time=01:00:00"). The repository must be
# on a file system the nodes share; the launcher builds once on first use, so build it before submitting
# (./harness --version).
set -euo pipefail
if [ $# -lt 2 ]; then
  echo "usage: $0 SHARDS OUT_DIR [basins options...]" >&2
  exit 2
fi
shards="$1"
out_dir="$2"
shift 2
case "$shards" in
  ''|*[!0-9]*) echo "$0: SHARDS must be a positive integer (got '$shards')" >&2; exit 2 ;;
esac
if [ "$shards" -lt 1 ]; then
  echo "$0: SHARDS must be at least 1" >&2
  exit 2
fi
for opt in "$@"; do
  case "$opt" in
    --threads|--threads=*|--quiet|--shard|--shard=*|--out|--out=*)
      echo "$0: ${opt%%=*} is set by this script; leave it out of the basins options" >&2
      exit 2 ;;
  esac
done
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
mkdir -p "$out_dir"
out_dir="$(cd "$out_dir" && pwd)"
opts="$(printf ' %q' "$@")"
cpus="${CPUS_PER_TASK:-2}"
# shellcheck disable=SC2086
array_id="$(sbatch --parsable ${SBATCH_ARGS:-} --job-name=basins --array=0-$((shards - 1)) \
  --cpus-per-task="$cpus" --output="$out_dir/shard-%a.log" \
  --wrap="cd '$root' && ./harness basins$opts --threads $cpus --quiet --shard \${SLURM_ARRAY_TASK_ID}/$shards --out '$out_dir'/shard-\${SLURM_ARRAY_TASK_ID}.jsonl")"
files=""
for ((i = 0; i < shards; i++)); do
  files="$files '$out_dir/shard-$i.jsonl'"
done
# shellcheck disable=SC2086
merge_id="$(sbatch --parsable ${SBATCH_ARGS:-} --job-name=basins-merge --dependency=afterok:"$array_id" \
  --kill-on-invalid-dep=yes --output="$out_dir/merge.log" --wrap="cd '$root' && ./harness basins merge$files --out '$out_dir/basins.jsonl'")"
echo "submitted array $array_id ($shards shards) and merge $merge_id; results in $out_dir/basins.jsonl"
