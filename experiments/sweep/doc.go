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
// runs.csv is tidy, one value a row:
//
//	experiment,model,activation,seed,epoch,split,metric,value,lr,hidden,batch,opt,epochs,variant
//
// and every finished run ends with a "done" row. The variant column holds the Settings,
// written by Key.Variant and read by ParseVariant.
package sweep
