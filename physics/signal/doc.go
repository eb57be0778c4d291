// Package signal is the mean-field theory of signal propagation through a deep random
// network (Poole et al. 2016; Schoenholz et al. 2017, "Deep Information Propagation";
// Hayou, Doucet & Rousseau 2019): the length map and its fixed point q*, the slope χ₁ that
// separates the ordered from the chaotic phase, the correlation map and its depth scales
// ξ_q, ξ_c, and the edge of chaos (EOC) σ_w²(σ_b²).
//
// A layer is h_i = Σ_j W_ij φ(h_j) + b_i with weights W_ij ~ N(0, σ_w²/fan_in) and biases
// b_i ~ N(0, σ_b²). In the wide limit the pre-activations of one input are Gaussian with a
// variance q that evolves layer to layer by the length map
//
//	q ↦ L(q) = σ_w²·E[φ(√q·z)²] + σ_b²,   z ~ N(0, 1),
//
// and two inputs with correlation c evolve by the correlation map
//
//	c ↦ C(c) = (σ_w²·E[φ(u₁)φ(u₂)] + σ_b²)/q*,
//	u₁ = √q*·z₁,  u₂ = √q*·(c·z₁ + √(1−c²)·z₂),  z₁, z₂ ~ N(0, 1) independent.
//
// c = 1 is always a fixed point of C; its slope there is
//
//	χ₁ = σ_w²·E[φ′(√q*·z)²],
//
// < 1 in the ordered phase (inputs collapse, gradients vanish), > 1 in the chaotic phase
// (inputs decorrelate, gradients explode), = 1 on the edge of chaos.
//
// Which fixed point q* is meant matters for bistable maps (ReLU-like φ with a soft onset, such
// as quench-tanh): FixedPoint iterates from a starting variance Q0, while StableFixedPoint
// follows the stable branch from q → 0⁺, which ends at a saddle-node (StableBranchEnd; all
// fixed points lie on the curve σ_w² = FixedPointWeightVariance(q)). χ₁ above uses φ′ = DF,
// which for the clipped magnetizations is the backward pass's slope; the forward map's own
// slope at c = 1, from φ alone, is ForwardStability (infinite where φ′ is not
// square-integrable: the forward pass is then chaotic at every σ_w²).
//
// Gaussian expectations use a composite Gauss–Legendre rule on z ∈ [−10, 10] with a panel
// boundary at every kink (pre-activation 0 always, others from Activation.Kinks) and panels
// graded quadratically, then geometrically, towards the kinks (448 nodes by default), so that
// ReLU-like functions are integrated to rounding error (plain Gauss–Hermite with as many nodes
// errs by 1e-3 on E[relu(z)]). φ′ must be square-integrable: a φ′ ~ x^(−1/2) singularity
// (mean-field magnetization at the critical point, uncapped) makes χ₁ infinite, and the rule
// would return a finite, resolution-dependent number.
//
// Everything is pure float64; a Theory is immutable after New and safe for concurrent use.
package signal
