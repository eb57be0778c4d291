package nn

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// ErrDiverged is wrapped by the error Fit returns when the loss becomes NaN or infinite; test for
// it with errors.Is.
var ErrDiverged = errors.New("training diverged")

// TrainConfig configures a Trainer.
type TrainConfig struct {
	Loss Loss
	// Optimizer names and tunes one of Gorgonia's solvers (see NewOptimizer). It is ignored when
	// Custom is set.
	Optimizer OptimizerConfig
	// Custom, if not nil, is the optimiser used instead of Optimizer. It steps the weights and
	// the learned activation parameters together (they come last in its params).
	Custom Optimizer
	// ActivationWeightDecay is the weight decay λ applied to learned activation parameters
	// (learn= in the activation spec); Optimizer.WeightDecay does not touch them. Default 0.
	ActivationWeightDecay float64
	// BatchSize ≥ 1 is the number of examples per step; the last batch of an epoch holds the
	// remaining N mod BatchSize examples and runs on a graph of its own shape.
	BatchSize int
	// Epochs ≥ 1 is the number of passes over the training data per call of Fit.
	Epochs int
	// EvalBatch is the batch size of evaluation (default 1024).
	EvalBatch int
	// OnEpoch, if not nil, is called after every epoch; an error from it stops Fit and is
	// returned.
	OnEpoch func(EpochMetrics) error
}

// EpochMetrics are the figures of one epoch.
type EpochMetrics struct {
	Epoch int // 1-based, counting over every Fit of the trainer
	// TrainLoss and TrainAcc are means over the epoch's training batches as they were trained
	// (weighted by batch size, weights changing between batches), as Keras and most PyTorch
	// loops report them: no extra pass over the training data.
	TrainLoss, TrainAcc float64
	// ValLoss and ValAcc are evaluated on the held-out data after the epoch; NaN without it.
	ValLoss, ValAcc float64
	Seconds         float64 // wall time of the epoch, evaluation included
	// Params summarises the learned activation parameters after the epoch (nil without learn=).
	Params []ParamStat
}

// Trainer trains a model. It builds the Gorgonia graph and TapeMachine once per batch size (the
// full batch, the last partial batch, evaluation batches) and reuses them every epoch; all of
// them share the model's weight tensors (see Model). The seeded rng shuffles the training data
// at the start of every epoch, so a given seed (for NewModel and NewTrainer) gives bit-identical
// weights. Not safe for concurrent use.
type Trainer struct {
	m     *Model
	cfg   TrainConfig
	opt   Optimizer
	act   Optimizer // steps the learned activation parameters; nil: opt steps them (Custom)
	rng   *rand.Rand
	train map[int]*graphRun
	eval  map[int]*graphRun
	perm  []int
	rows  []int
	epoch int
}

// NewTrainer checks cfg and returns a trainer of m that shuffles with rng.
func NewTrainer(m *Model, cfg TrainConfig, rng *rand.Rand) (*Trainer, error) {
	if m == nil || rng == nil {
		return nil, errors.New("nn: NewTrainer needs a model and a seeded *rand.Rand")
	}
	if err := cfg.Loss.validate(); err != nil {
		return nil, err
	}
	if cfg.BatchSize < 1 || cfg.Epochs < 1 || cfg.EvalBatch < 0 {
		return nil, fmt.Errorf("nn: batch size %d, epochs %d, eval batch %d (want ≥ 1, ≥ 1, ≥ 0)", cfg.BatchSize, cfg.Epochs, cfg.EvalBatch)
	}
	if cfg.Loss == SoftmaxCrossEntropy && m.arch.Out < 2 {
		return nil, fmt.Errorf("nn: softmax cross-entropy needs at least 2 outputs, the model has %d", m.arch.Out)
	}
	if cfg.EvalBatch == 0 {
		cfg.EvalBatch = 1024
	}
	opt := cfg.Custom
	if opt == nil {
		var err error
		if opt, err = NewOptimizer(cfg.Optimizer); err != nil {
			return nil, err
		}
	}
	act, err := newActOptimizer(m, cfg)
	if err != nil {
		return nil, err
	}
	return &Trainer{m: m, cfg: cfg, opt: opt, act: act, rng: rng, train: map[int]*graphRun{}, eval: map[int]*graphRun{}}, nil
}

// Model returns the model being trained.
func (t *Trainer) Model() *Model { return t.m }

func (t *Trainer) graph(cache map[int]*graphRun, batch int, train bool) (*graphRun, error) {
	if r, ok := cache[batch]; ok {
		return r, nil
	}
	r, err := newGraph(t.m, batch, t.cfg.Loss, train)
	if err != nil {
		return nil, err
	}
	cache[batch] = r
	return r, nil
}

// Fit trains for cfg.Epochs epochs on train, evaluating on val after each (val.N = 0 skips it),
// and returns the metrics of every epoch. It checks ctx between batches and returns ctx's error
// (wrapped, naming the epoch and batch) when it is done. A NaN or infinite loss stops training
// before the optimiser step, with an error naming the epoch and batch.
func (t *Trainer) Fit(ctx context.Context, train, val Data) ([]EpochMetrics, error) {
	a := t.m.arch
	if err := train.validate(a.In, a.Out, t.cfg.Loss); err != nil {
		return nil, fmt.Errorf("nn: training data: %w", err)
	}
	if val.N != 0 {
		if err := val.validate(a.In, a.Out, t.cfg.Loss); err != nil {
			return nil, fmt.Errorf("nn: validation data: %w", err)
		}
	}
	if len(t.perm) != train.N {
		t.perm = make([]int, train.N)
		for i := range t.perm {
			t.perm[i] = i
		}
	}
	bs := t.cfg.BatchSize
	nb := (train.N + bs - 1) / bs
	var hist []EpochMetrics
	for e := 0; e < t.cfg.Epochs; e++ {
		t.epoch++
		start := time.Now()
		t.rng.Shuffle(len(t.perm), func(i, j int) { t.perm[i], t.perm[j] = t.perm[j], t.perm[i] })
		var lossSum float64
		var right int
		for b := 0; b < nb; b++ {
			if err := ctx.Err(); err != nil {
				return hist, fmt.Errorf("nn: epoch %d, batch %d of %d: %w", t.epoch, b+1, nb, err)
			}
			rows := t.perm[b*bs : min((b+1)*bs, train.N)]
			r, err := t.graph(t.train, len(rows), true)
			if err != nil {
				return hist, err
			}
			if err := r.run(train, rows); err != nil {
				return hist, fmt.Errorf("nn: epoch %d, batch %d of %d: %w", t.epoch, b+1, nb, err)
			}
			l := r.lossValue()
			if math.IsNaN(l) || math.IsInf(l, 0) {
				return hist, fmt.Errorf("nn: epoch %d, batch %d of %d: loss is %v: %w (lower the learning rate, clip gradients or check the inputs for NaN)", t.epoch, b+1, nb, l, ErrDiverged)
			}
			lossSum += l * float64(len(rows))
			right += r.correct(train, rows)
			if err := t.step(r.params); err != nil {
				return hist, fmt.Errorf("nn: epoch %d, batch %d of %d: %w", t.epoch, b+1, nb, err)
			}
		}
		em := EpochMetrics{Epoch: t.epoch, TrainLoss: lossSum / float64(train.N), TrainAcc: float64(right) / float64(train.N),
			ValLoss: math.NaN(), ValAcc: math.NaN(), Params: t.m.ActivationParams()}
		if val.N != 0 {
			var err error
			if em.ValLoss, em.ValAcc, err = t.evaluate(val); err != nil {
				return hist, fmt.Errorf("nn: epoch %d: validation: %w", t.epoch, err)
			}
		}
		em.Seconds = time.Since(start).Seconds()
		hist = append(hist, em)
		if t.cfg.OnEpoch != nil {
			if err := t.cfg.OnEpoch(em); err != nil {
				return hist, fmt.Errorf("nn: epoch %d: callback: %w", t.epoch, err)
			}
		}
	}
	return hist, nil
}

// Evaluate returns the mean loss and the accuracy (see countCorrect in data.go for what counts
// as right) of the model on d, in batches of cfg.EvalBatch through forward-only graphs.
func (t *Trainer) Evaluate(d Data) (loss, acc float64, err error) {
	a := t.m.arch
	if err := d.validate(a.In, a.Out, t.cfg.Loss); err != nil {
		return 0, 0, err
	}
	return t.evaluate(d)
}

func (t *Trainer) evaluate(d Data) (loss, acc float64, err error) {
	bs := t.cfg.EvalBatch
	var lossSum float64
	var right int
	for lo := 0; lo < d.N; lo += bs {
		t.rows = t.rows[:0]
		for i := lo; i < min(lo+bs, d.N); i++ {
			t.rows = append(t.rows, i)
		}
		r, err := t.graph(t.eval, len(t.rows), false)
		if err != nil {
			return 0, 0, err
		}
		if err := r.run(d, t.rows); err != nil {
			return 0, 0, err
		}
		lossSum += r.lossValue() * float64(len(t.rows))
		right += r.correct(d, t.rows)
	}
	return lossSum / float64(d.N), float64(right) / float64(d.N), nil
}
