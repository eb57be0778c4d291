package physics

import (
	"context"
	"errors"
	"fmt"
	"math"
	"math/bits"
	"math/rand/v2"
	"strings"

	"github.com/isingact/isingact/internal/rng"
)

// Algorithm is a Monte Carlo update scheme for the 2D Ising model.
type Algorithm int

const (
	// Wolff is the single-cluster algorithm (U. Wolff, Phys. Rev. Lett. 62, 361 (1989)): grow a
	// cluster of aligned spins from a random seed site, adding each aligned neighbour with
	// probability p = 1 − exp(−2J/T), and flip it. Rejection-free, with a dynamic exponent
	// z ≈ 0.25 in 2D: the method of choice near Tc.
	Wolff Algorithm = iota
	// Metropolis is single-spin-flip Metropolis–Hastings at uniformly random sites: flip s_i
	// with probability min(1, exp(−ΔE/T)), ΔE = 2J·s_i·Σ_nbr s_j ∈ {−8, −4, 0, 4, 8}.
	// Critical slowing down z ≈ 2.17: the baseline.
	Metropolis
)

// String returns the algorithm's name as ParseAlgorithm accepts it.
func (a Algorithm) String() string {
	switch a {
	case Wolff:
		return "wolff"
	case Metropolis:
		return "metropolis"
	}
	return fmt.Sprintf("Algorithm(%d)", int(a))
}

// ParseAlgorithm returns the Algorithm named s ("wolff" or "metropolis", case-insensitive).
func ParseAlgorithm(s string) (Algorithm, error) {
	for _, a := range []Algorithm{Wolff, Metropolis} {
		if strings.EqualFold(s, a.String()) {
			return a, nil
		}
	}
	return 0, fmt.Errorf("physics: unknown Monte Carlo algorithm %q (valid: wolff, metropolis)", s)
}

// MCMaxL is the largest lattice side RunMonteCarlo accepts (4M spins; the neighbour table then
// takes 64 MiB).
const MCMaxL = 2048

// MCMinSweeps is the fewest measurement sweeps RunMonteCarlo accepts: error bars need bins.
const MCMinSweeps = 16

// MCConfig configures one Monte Carlo run of the ferromagnetic Ising model on an L×L square
// lattice with periodic boundaries, J = k_B = 1, zero field.
type MCConfig struct {
	L          int       // lattice side, 2 ≤ L ≤ MCMaxL
	T          float64   // temperature, finite and > 0 (Tc = OnsagerTc)
	Algorithm  Algorithm // Wolff or Metropolis
	Sweeps     int       // measurement sweeps, ≥ MCMinSweeps; one measurement after each (see RunMonteCarlo)
	Thermalize int       // sweeps discarded before measuring, ≥ 0
	Seed       uint64    // seeds the PCG generator: same config and seed, same result
}

// MCResult holds the averages of one run, each with its one-standard-error bar. Per-spin
// quantities: m = Σs_i/N and e = −(1/N)Σ_⟨ij⟩ s_i s_j, N = L².
//
// Error bars come from binning: the measurements are grouped into Bins consecutive bins of
// BinSize sweeps (64 bins when there are at least 64 measurements), and every quantity's error
// is the jackknife error over the bins. Binning makes the error grow correctly for correlated
// measurements as long as BinSize ≫ the integrated autocorrelation time; TauAbsM and TauE
// estimate those times (in sweeps) and Converged checks the condition.
type MCResult struct {
	Config MCConfig

	AbsM, AbsMErr     float64 // ⟨|m|⟩
	M2, M2Err         float64 // ⟨m²⟩
	E, EErr           float64 // ⟨e⟩, energy per spin
	Chi, ChiErr       float64 // χ = N(⟨m²⟩ − ⟨|m|⟩²)/T, the finite-lattice susceptibility per spin
	Binder, BinderErr float64 // U = 1 − ⟨m⁴⟩/(3⟨m²⟩²): 2/3 ordered, 0 for Gaussian disorder
	C, CErr           float64 // C = N(⟨e²⟩ − ⟨e⟩²)/T², specific heat per spin

	// TauAbsM and TauE are integrated autocorrelation times of |m| and e in sweeps, estimated
	// as τ = ½·(binned variance of the mean)/(naive variance of the mean) (≈ ½ if uncorrelated).
	TauAbsM, TauE float64

	Samples int // measurements averaged (= Config.Sweeps)
	Bins    int // bins for the error bars
	BinSize int // measurements per bin (the last bins may hold one base bin more or fewer)

	// Updates counts cluster updates (Wolff) or attempted single-spin flips (Metropolis), and
	// Flips the spins actually flipped, both over thermalization and measurement.
	Updates, Flips int64
}

// Converged reports whether the bins are long compared with the autocorrelation times
// (BinSize ≥ 20·max(TauAbsM, TauE)), the condition under which the error bars are reliable.
func (r MCResult) Converged() bool {
	return float64(r.BinSize) >= 20*math.Max(r.TauAbsM, r.TauE)
}

// validate checks a config; every error names the field.
func (c MCConfig) validate() error {
	switch {
	case c.L < 2 || c.L > MCMaxL:
		return fmt.Errorf("physics: lattice side L = %d out of range [2, %d]", c.L, MCMaxL)
	case math.IsNaN(c.T):
		return errors.New("physics: temperature is NaN")
	case !(c.T > 0) || math.IsInf(c.T, 1):
		return fmt.Errorf("physics: temperature T = %v must be finite and > 0", c.T)
	case c.Algorithm != Wolff && c.Algorithm != Metropolis:
		return fmt.Errorf("physics: unknown Monte Carlo algorithm %d", int(c.Algorithm))
	case c.Sweeps < MCMinSweeps:
		return fmt.Errorf("physics: Sweeps = %d, need at least %d measurement sweeps", c.Sweeps, MCMinSweeps)
	case c.Thermalize < 0:
		return fmt.Errorf("physics: Thermalize = %d must be ≥ 0", c.Thermalize)
	}
	return nil
}

// RunMonteCarlo simulates the 2D Ising model described by cfg and returns its averages with
// error bars. The start is a random configuration drawn from the seeded generator. A Metropolis
// sweep is N attempted single-spin flips at random sites. A Wolff thermalization sweep flips
// clusters until at least N spins have flipped; a Wolff measurement sweep is a fixed number K of
// cluster updates, K = round(N/⟨cluster size⟩) with the mean cluster size measured over the
// second half of thermalization (one extra calibration sweep is run if Thermalize is 0). The
// count must be fixed: stopping each measurement sweep when the flip count first reaches N is a
// stopping rule that depends on the cluster sizes, and biases ⟨|m|⟩ upwards (by 0.01–0.08 at
// L = 8 in our tests).
//
// Invalid configs are errors; the run stops with ctx.Err() when ctx is cancelled (checked every
// 64 sweeps, or more often on large lattices).
func RunMonteCarlo(ctx context.Context, cfg MCConfig) (MCResult, error) {
	if err := cfg.validate(); err != nil {
		return MCResult{}, err
	}
	sim := newIsingSim(cfg.L, cfg.T, cfg.Seed)
	sweep := sim.wolffSweep
	if cfg.Algorithm == Metropolis {
		sweep = sim.metropolisSweep
	}
	// Check ctx about every 2^18 spin updates, and at least every 64 sweeps.
	every := max(1, min(64, (1<<18)/sim.n))
	therm := cfg.Thermalize
	if cfg.Algorithm == Wolff {
		therm = max(therm, 1)
	}
	var u0, f0 int64
	for i := range therm {
		if i%every == 0 {
			if err := ctx.Err(); err != nil {
				return MCResult{}, err
			}
		}
		if i == therm/2 {
			u0, f0 = sim.updates, sim.flips
		}
		sweep()
	}
	if cfg.Algorithm == Wolff {
		k := max(1, int(math.Round(float64(sim.n)*float64(sim.updates-u0)/float64(sim.flips-f0))))
		sweep = func() {
			for range k {
				sim.wolffStep()
			}
		}
	}
	acc := newMCBins(cfg.Sweeps)
	invN := 1 / float64(sim.n)
	for i := range cfg.Sweeps {
		if i%every == 0 {
			if err := ctx.Err(); err != nil {
				return MCResult{}, err
			}
		}
		sweep()
		acc.add(float64(sim.mag)*invN, sim.energy()*invN)
	}
	res := acc.result(float64(sim.n), cfg.T)
	res.Config = cfg
	res.Updates, res.Flips = sim.updates, sim.flips
	return res, nil
}

// isingSim is the lattice state: int8 spins in a flat slice, site i = x + L·y, with a
// precomputed periodic neighbour table and the generator. No method allocates.
type isingSim struct {
	n       int
	spin    []int8
	nbr     []int32 // 4 per site: right, left, down, up
	stack   []int32 // explicit Wolff stack, capacity n
	rng     *rand.PCG
	addThr  uint64    // Wolff: add a bond if rng.Uint64() < addThr (p = 1 − e^(−2/T))
	acc     [3]uint64 // Metropolis: accept when s·Σnbr = 2k (k = 1, 2) if rng.Uint64() < acc[k]
	mag     int       // Σ s_i, kept up to date
	updates int64
	flips   int64
}

// mcThreshold converts a probability p ∈ [0, 1] into the threshold t with P(U < t) = p for U
// uniform on the 64-bit integers (p = 1 maps to 2^64 − 1: a 2^(−64) shortfall).
func mcThreshold(p float64) uint64 {
	if !(p > 0) {
		return 0
	}
	if p >= 1 {
		return math.MaxUint64
	}
	v := p * 0x1p64
	if v >= 0x1p64 {
		return math.MaxUint64
	}
	return uint64(v)
}

func newIsingSim(L int, T float64, seed uint64) *isingSim {
	n := L * L
	s := &isingSim{
		n:      n,
		spin:   make([]int8, n),
		nbr:    make([]int32, 4*n),
		stack:  make([]int32, n),
		rng:    rng.NewSource(seed, "montecarlo"),
		addThr: mcThreshold(-math.Expm1(-2 / T)),
	}
	s.acc[1] = mcThreshold(math.Exp(-4 / T))
	s.acc[2] = mcThreshold(math.Exp(-8 / T))
	for y := range L {
		for x := range L {
			i := 4 * (x + L*y)
			s.nbr[i+0] = int32((x+1)%L + L*y)
			s.nbr[i+1] = int32((x+L-1)%L + L*y)
			s.nbr[i+2] = int32(x + L*((y+1)%L))
			s.nbr[i+3] = int32(x + L*((y+L-1)%L))
		}
	}
	for i := range s.spin {
		s.spin[i] = int8(1 - 2*int(s.rng.Uint64()>>63))
		s.mag += int(s.spin[i])
	}
	return s
}

// energy returns the total energy −Σ_⟨ij⟩ s_i s_j, each bond once (right and down neighbours).
func (s *isingSim) energy() float64 {
	var e int
	nbr := s.nbr[:4*len(s.spin)]
	for i, si := range s.spin {
		e += int(si) * (int(s.spin[nbr[4*i]]) + int(s.spin[nbr[4*i+2]]))
	}
	return float64(-e)
}

// wolffStep grows and flips one Wolff cluster and returns its size. A spin is flipped when it
// joins the cluster, so no site is pushed twice and the stack never exceeds n.
func (s *isingSim) wolffStep() int {
	spin, nbr, stack, rng, thr := s.spin, s.nbr, s.stack, s.rng, s.addThr
	hi, _ := bits.Mul64(rng.Uint64(), uint64(len(spin)))
	seed := int32(hi)
	s0 := spin[seed]
	spin[seed] = -s0
	stack[0] = seed
	top, size := 1, 1
	for top > 0 {
		top--
		j := int(stack[top]) * 4
		nb := nbr[j : j+4 : j+4]
		for _, k := range nb {
			if spin[k] == s0 && rng.Uint64() < thr {
				spin[k] = -s0
				stack[top] = k
				top++
				size++
			}
		}
	}
	s.mag -= 2 * int(s0) * size
	s.updates++
	s.flips += int64(size)
	return size
}

// wolffSweep flips clusters until at least n spins have been flipped.
func (s *isingSim) wolffSweep() {
	for flipped := 0; flipped < s.n; {
		flipped += s.wolffStep()
	}
}

// metropolisSweep makes n single-spin Metropolis attempts at uniformly random sites, each
// accepted with probability min(1, e^(−ΔE/T)) from the precomputed table. Random (not
// lattice-order) sites keep the chain ergodic: a sequential sweep forces every ΔE = 0 flip and
// is reducible on small lattices (on L = 2 it converges to a wrong ⟨|m|⟩, 0.92 instead of 0.899
// at Tc, from the ordered start).
func (s *isingSim) metropolisSweep() {
	spin, nbr, rng, acc := s.spin, s.nbr, s.rng, s.acc
	n := uint64(len(spin))
	var dmag, flips int
	for range n {
		hi, _ := bits.Mul64(rng.Uint64(), n)
		i := int(hi)
		si := spin[i]
		nb := nbr[4*i : 4*i+4 : 4*i+4]
		k := int(si) * (int(spin[nb[0]]) + int(spin[nb[1]]) + int(spin[nb[2]]) + int(spin[nb[3]]))
		if k <= 0 || rng.Uint64() < acc[k>>1] {
			spin[i] = -si
			dmag -= 2 * int(si)
			flips++
		}
	}
	s.mag += dmag
	s.updates += int64(n)
	s.flips += int64(flips)
}

// mcMaxBaseBins bounds the memory of the measurement record: measurements are summed into at
// most this many base bins, whatever Sweeps is.
const mcMaxBaseBins = 1 << 16

// mcTargetBins is the number of bins the error bars use (when there are that many measurements).
const mcTargetBins = 64

// mcBin holds the sums over the measurements of one bin.
type mcBin struct {
	n                   int
	absM, m2, m4, e, e2 float64
}

func (b *mcBin) merge(o mcBin) {
	b.n += o.n
	b.absM += o.absM
	b.m2 += o.m2
	b.m4 += o.m4
	b.e += o.e
	b.e2 += o.e2
}

// mcBins records measurements in base bins of a fixed size.
type mcBins struct {
	base    []mcBin
	perBase int
}

func newMCBins(sweeps int) *mcBins {
	per := (sweeps + mcMaxBaseBins - 1) / mcMaxBaseBins
	return &mcBins{base: make([]mcBin, 0, (sweeps+per-1)/per), perBase: per}
}

func (a *mcBins) add(m, e float64) {
	if len(a.base) == 0 || a.base[len(a.base)-1].n == a.perBase {
		a.base = append(a.base, mcBin{}) // within the capacity reserved in newMCBins
	}
	b := &a.base[len(a.base)-1]
	m2 := m * m
	b.n++
	b.absM += math.Abs(m)
	b.m2 += m2
	b.m4 += m2 * m2
	b.e += e
	b.e2 += e * e
}

// mcObs are the estimates computed from a set of sums.
type mcObs struct{ absM, m2, e, chi, binder, c float64 }

func (b mcBin) obs(n, T float64) mcObs {
	k := 1 / float64(b.n)
	absM, m2, m4, e, e2 := b.absM*k, b.m2*k, b.m4*k, b.e*k, b.e2*k
	return mcObs{
		absM:   absM,
		m2:     m2,
		e:      e,
		chi:    n * (m2 - absM*absM) / T,
		binder: 1 - m4/(3*m2*m2),
		c:      n * (e2 - e*e) / (T * T),
	}
}

// result groups the base bins into (about) mcTargetBins contiguous bins and computes every
// estimate from all measurements with its jackknife error over those bins.
func (a *mcBins) result(n, T float64) MCResult {
	nb := min(len(a.base), mcTargetBins)
	bins := make([]mcBin, nb)
	for i, b := range a.base {
		bins[i*nb/len(a.base)].merge(b)
	}
	var tot mcBin
	for _, b := range bins {
		tot.merge(b)
	}
	full := tot.obs(n, T)
	// Jackknife: θ_b from all bins but b; σ² = (nb − 1)/nb · Σ (θ_b − mean θ)².
	jk := make([]mcObs, nb)
	var mean mcObs
	for i, b := range bins {
		rest := tot
		rest.n -= b.n
		rest.absM -= b.absM
		rest.m2 -= b.m2
		rest.m4 -= b.m4
		rest.e -= b.e
		rest.e2 -= b.e2
		jk[i] = rest.obs(n, T)
		mean.absM += jk[i].absM / float64(nb)
		mean.m2 += jk[i].m2 / float64(nb)
		mean.e += jk[i].e / float64(nb)
		mean.chi += jk[i].chi / float64(nb)
		mean.binder += jk[i].binder / float64(nb)
		mean.c += jk[i].c / float64(nb)
	}
	var v mcObs
	for _, o := range jk {
		v.absM += mcSq(o.absM - mean.absM)
		v.m2 += mcSq(o.m2 - mean.m2)
		v.e += mcSq(o.e - mean.e)
		v.chi += mcSq(o.chi - mean.chi)
		v.binder += mcSq(o.binder - mean.binder)
		v.c += mcSq(o.c - mean.c)
	}
	f := float64(nb-1) / float64(nb)
	r := MCResult{
		AbsM: full.absM, AbsMErr: math.Sqrt(f * v.absM),
		M2: full.m2, M2Err: math.Sqrt(f * v.m2),
		E: full.e, EErr: math.Sqrt(f * v.e),
		Chi: full.chi, ChiErr: math.Sqrt(f * v.chi),
		Binder: full.binder, BinderErr: math.Sqrt(f * v.binder),
		C: full.c, CErr: math.Sqrt(f * v.c),
		Samples: tot.n,
		Bins:    nb,
		BinSize: tot.n / nb,
	}
	// τ = ½ σ²_binned / σ²_naive, σ²_naive = Var(x)/n_samples.
	ns := float64(tot.n)
	varAbsM := tot.m2/ns - mcSq(full.absM)
	varE := tot.e2/ns - mcSq(full.e)
	r.TauAbsM = mcTau(f*v.absM, varAbsM/ns)
	r.TauE = mcTau(f*v.e, varE/ns)
	return r
}

// mcTau returns ½·binned/naive, or 0 when the naive variance vanishes (a frozen series).
func mcTau(binned, naive float64) float64 {
	if !(naive > 0) {
		return 0
	}
	return binned / naive / 2
}

func mcSq(x float64) float64 { return x * x }
