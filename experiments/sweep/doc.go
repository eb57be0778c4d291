// Package sweep runs the experiments' sweeps: many independent training runs, in parallel,
// resumable, each appended to <dir>/runs.csv as soon as it finishes.
//
// A run is a Job: its Key (experiment, model, activation, seed, learning rate, hidden sizes,
// batch, optimiser, epochs and typed Settings) and a function that trains and returns tidy Rows
// (epoch, split, metric, value). Run skips the jobs whose runs are already complete in runs.csv,
// runs the others on Options.Workers goroutines with a progress line, and returns the Records of
// exactly these jobs. A Store is the runs.csv file itself (open, resume, append, close); Load
// reads the complete runs of one or several such files, so tables can be written from disk.
//
// # Shards
//
// On a cluster a sweep runs as shards (Options.Shard, a Shard{Index, Count}): shard i of n runs
// the jobs whose index in the sweep's fixed job order is ≡ i (mod n) and appends them to its own
// runs file, runs-<i>-of-<n>.csv (Shard.RunsFile), under that file's lock only — no folder lock,
// no summaries — so the shards of a sweep run at once, on any nodes. A run already complete in
// any runs file of the folder (RunsFiles) is not trained again. Every command writes
// sweep.json (Manifest: the experiment and the flags that define its sweep), from which the
// report command rebuilds the job list, finds the missing runs (Missing) and merges the folder
// (LoadDir) into the same summaries the unsharded command writes.
//
// runs.csv is tidy, one value a row:
//
//	experiment,model,activation,seed,epoch,split,metric,value,lr,hidden,batch,opt,epochs,variant
//
// and every finished run ends with a "done" row whose value is the run's number of rows, done
// row included (files written before the count have 1 there; see Scan). The variant column holds
// the Settings, written by Key.Variant and read by ParseVariant.
//
// # Concurrency guarantee
//
// Two commands can never corrupt one output folder, nor lose each other's runs:
//
//   - Whoever appends to a runs file holds an exclusive flock(2) on "<runs file>.lock" beside it
//     (RunsLock for runs.csv) from before it reads the file until it closes it; whoever writes a
//     folder's summaries, READMEs and plots holds the folder lock ".lock" (FolderLock). A
//     command takes both for its whole run, folder lock first (Hold); Run and Open take the runs
//     file's lock themselves when the command does not hold it. Each lock file records the pid
//     and command line of its holder; a second command fails at once with one line naming them,
//     or, with Options.Wait (the -wait flag), waits for its turn. The kernel drops a flock when
//     its process dies, even by kill -9, so a crashed command never leaves a folder locked.
//   - The start-up repair of a runs file (dropping a torn last line, unfinished, incomplete or
//     repeated runs; removing the temporary files of an interrupted repair) happens under the
//     lock, so it can never replace a file that another command is appending to. Before every
//     append, Store.Append checks that the path still names the file it opened (same device and
//     inode) and stops with an error otherwise (a program that ignores the lock replaced it).
//   - Every run is appended in one write followed by fsync, and counts only with all its rows
//     (its done row's count): a crash at any moment loses at most the runs in flight, which the
//     next invocation trains again.
//   - The folder lock names the experiment that writes the folder; another experiment's command
//     is refused, since its summaries would overwrite the first one's.
//
// flock is advisory and per folder: it protects commands of this package from each other, on
// one machine or on a shared file system whose flock works across machines (NFS v4, Lustre,
// most cluster file systems; not NFS v3 without lockd). On a cluster, sharded sweeps therefore
// never share one appended file: each shard appends to its own runs file under its own lock,
// and a report command, holding the folder lock, merges them.
package sweep
