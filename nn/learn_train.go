package nn

import "fmt"

// newActOptimizer returns the optimiser of the learned activation parameters: cfg.Optimizer
// with the weight decay ActivationWeightDecay instead of WeightDecay, so that decaying the
// weights leaves the physics parameters alone. It is nil when the model learns no activation
// parameter or a Custom optimiser steps everything.
func newActOptimizer(m *Model, cfg TrainConfig) (Optimizer, error) {
	if d := cfg.ActivationWeightDecay; !(d >= 0 && d < 1e300) {
		return nil, fmt.Errorf("nn: activation weight decay = %v (want a finite value ≥ 0)", d)
	}
	if len(m.actParams) == 0 || cfg.Custom != nil {
		return nil, nil
	}
	c := cfg.Optimizer
	c.WeightDecay = cfg.ActivationWeightDecay
	o, err := NewOptimizer(c)
	if err != nil {
		return nil, fmt.Errorf("nn: activation parameters: %w", err)
	}
	return o, nil
}

// step updates the learnables from the gradients of the last run — the weights with the
// trainer's optimiser, the activation parameters with their own (same rule and learning rate,
// own weight decay and state) — and clamps the activation parameters to their ranges.
func (t *Trainer) step(params []Param) error {
	nw := len(t.m.params)
	if t.act == nil || len(params) == nw {
		if err := t.opt.Step(params); err != nil {
			return err
		}
	} else {
		if err := t.opt.Step(params[:nw]); err != nil {
			return err
		}
		if err := t.act.Step(params[nw:]); err != nil {
			return fmt.Errorf("nn: activation parameters: %w", err)
		}
	}
	t.m.projectActParams()
	return nil
}
