// Package cluster holds the templates that run a sweep (xor, mnist, criticality) on a cluster
// as shards, and tests them; it has no Go API. Every template runs the binary built once with
//
//	go build -o isingact-experiments ./experiments
//
// on a folder every node mounts, each task with -shard auto (its runs go to
// runs-<i>-of-<n>.csv), and ends with one fan-in job, report -out <folder> -complete, that
// writes the summaries the unsharded command writes:
//
//	slurm/array.sbatch     one array task = one shard (SLURM_ARRAY_TASK_ID of SLURM_ARRAY_TASK_COUNT)
//	slurm/report.sbatch    the merge job
//	slurm/submit.sh        the chain: array(s) → merge, each --dependency=afterok on the previous;
//	                       MNIST: -stage sweep arrays, a -stage final array, the merge
//	k8s/sweep-job.yaml     a ReadWriteMany claim and an Indexed Job (JOB_COMPLETION_INDEX, -shards N)
//	k8s/report-job.yaml    the fan-in Job
//	k8s/submit.sh          apply, wait for completion, apply the fan-in
//
// The repository's .ci/slurm-test.sh runs the Slurm templates on a single-node Slurm.
package cluster
