package learnable

import (
	"context"
	"fmt"
	"time"

	"github.com/isingact/isingact/experiments/command"
	"github.com/isingact/isingact/experiments/internal/data"
	"github.com/isingact/isingact/experiments/report"
	"github.com/isingact/isingact/experiments/sweep"
)

// Run runs the learnable experiment of cfg into o.Dir: every fixed activation and its learnable
// twin (Learn), on MNIST and on XOR, seeds paired; each finished run is appended to
// <Dir>/runs.csv (a rerun resumes); then summary.md, summary.csv (the comparisons), params.csv
// (the learned parameters' final distributions), README.md and the plots
// learnable_<dataset>_distribution and learnable_<dataset>_trajectory_<param>.
func Run(ctx context.Context, cfg Config, o sweep.Options) error {
	start, load := time.Now(), report.LoadAverage()
	if err := cfg.normalize(); err != nil {
		return fmt.Errorf("learnable: %w", err)
	}
	o, err := command.RunOptions("learnable", o)
	if err != nil {
		return fmt.Errorf("learnable: %w", err)
	}
	rates, js, err := allJobs(cfg, o)
	if err != nil {
		return fmt.Errorf("learnable: %w", err)
	}
	recs, st, err := sweep.Run(ctx, js, o)
	if err != nil {
		return fmt.Errorf("learnable: %w", err)
	}
	res, err := Results(cfg, recs, rates)
	if err != nil {
		return fmt.Errorf("learnable: %w", err)
	}
	if err := write(cfg, o, res, st, start, load); err != nil {
		return fmt.Errorf("learnable: %w", err)
	}
	return nil
}

// allJobs returns the MNIST learning rates (by fixed spec) and every run of cfg: MNIST's, then
// XOR's.
func allJobs(cfg Config, o sweep.Options) (map[string]float64, []sweep.Job, error) {
	var js []sweep.Job
	rates := map[string]float64{}
	if ps := mnistPairs(cfg); len(ps) > 0 {
		found, err := mnistRates(cfg.MNIST.LRFrom, cfg.MNIST.Hidden)
		if err != nil {
			return nil, nil, fmt.Errorf("-lr-from: %w", err)
		}
		for _, p := range ps {
			rates[p.fixed.String()] = rateOf(cfg.MNIST, found, p.fixed)
		}
		d, err := data.LoadMNIST(cfg.MNIST.Dir, cfg.MNIST.Subset, cfg.MNIST.Subset)
		if err != nil {
			return nil, nil, err
		}
		if o.Progress != nil {
			fmt.Fprintf(o.Progress, "learnable: MNIST %d training, %d validation, %d test images from %s\n", d.Train.N, d.Val.N, d.Test.N, d.Dir)
		}
		if js, err = mnistJobs(cfg, rates, d); err != nil {
			return nil, nil, err
		}
	}
	xj, err := xorJobs(cfg)
	return rates, append(js, xj...), err
}

// Result is what the tables, plots and README are made of, per dataset ("mnist", "xor").
type Result struct {
	Comparisons map[string][]Comparison
	Params      map[string][]ParamDist
	Traj        map[string][]Trajectory
}

// Results builds the comparisons, the learned parameters' distributions and their trajectories
// from the runs' records (cfg normalised; rates: the MNIST learning rate per fixed spec).
func Results(cfg Config, recs []sweep.Record, rates map[string]float64) (Result, error) {
	res := Result{Comparisons: map[string][]Comparison{}, Params: map[string][]ParamDist{}, Traj: map[string][]Trajectory{}}
	xorRates := map[string]float64{}
	for _, p := range pairs(cfg) {
		xorRates[p.fixed.String()] = cfg.XOR.LR
	}
	for _, part := range []struct {
		dataset string
		ps      []pair
		margin  float64
		lrs     map[string]float64
	}{{"mnist", mnistPairs(cfg), cfg.MNIST.Margin, rates}, {"xor", pairs(cfg), cfg.XOR.Margin, xorRates}} {
		res.Comparisons[part.dataset] = comparisons(recs, part.ps, part.dataset, part.margin, part.lrs)
		res.Params[part.dataset] = distributions(recs, part.ps, part.dataset)
		res.Traj[part.dataset] = trajectories(recs, part.ps, part.dataset)
	}
	return res, nil
}
