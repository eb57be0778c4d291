package signal

import (
	"math"
	"testing"
)

// Test activations, defined here because signal must not import activations/.

var tanhAct = Activation{
	F:  math.Tanh,
	DF: func(x float64) float64 { c := math.Cosh(x); return 1 / (c * c) },
}

var reluAct = Activation{
	F: func(x float64) float64 { return math.Max(x, 0) },
	DF: func(x float64) float64 {
		if x > 0 {
			return 1
		}
		return 0
	},
}

// eluAct is ELU with α = 1: x for x > 0, eˣ − 1 otherwise.
var eluAct = Activation{
	F: func(x float64) float64 {
		if x > 0 {
			return x
		}
		return math.Expm1(x)
	},
	DF: func(x float64) float64 {
		if x > 0 {
			return 1
		}
		return math.Exp(x)
	},
}

// hardTanhAct is max(−1, min(1, x)), with kinks at ±1.
var hardTanhAct = Activation{
	F: func(x float64) float64 { return math.Max(-1, math.Min(1, x)) },
	DF: func(x float64) float64 {
		if math.Abs(x) < 1 {
			return 1
		}
		return 0
	},
	Kinks: []float64{-1, 1},
}

// normTail is Φ(−x) = P(z > x) for z ~ N(0, 1).
func normTail(x float64) float64 { return math.Erfc(x/math.Sqrt2) / 2 }

// Closed forms for x ~ N(0, q), from E[e^{a·x}; x < 0] = e^{a²q/2}·Φ(−a√q).

// eluE2 is E[elu(x)²] = q/2 + e^{2q}Φ(−2√q) − 2e^{q/2}Φ(−√q) + 1/2.
func eluE2(q float64) float64 {
	s := math.Sqrt(q)
	return q/2 + math.Exp(2*q)*normTail(2*s) - 2*math.Exp(q/2)*normTail(s) + 0.5
}

// eluD2 is E[elu′(x)²] = 1/2 + e^{2q}Φ(−2√q).
func eluD2(q float64) float64 { return 0.5 + math.Exp(2*q)*normTail(2*math.Sqrt(q)) }

// hardTanhE2 is E[min(x², 1)] = q·(1 − 2Φ(−a)) − 2a·√q·ϕ(a) + 2Φ(−a), a = 1/√q.
func hardTanhE2(q float64) float64 {
	s := math.Sqrt(q)
	a := 1 / s
	return q*(1-2*normTail(a)) - 2*a*s*invSqrt2Pi*math.Exp(-a*a/2)*s + 2*normTail(a)
}

// hardTanhD2 is P(|x| < 1) = 1 − 2Φ(−1/√q).
func hardTanhD2(q float64) float64 { return 1 - 2*normTail(1/math.Sqrt(q)) }

// arcCos1 is the degree-1 arc-cosine kernel (Cho & Saul 2009) for Var = 1:
// E[relu(u₁)relu(u₂)] = (√(1−c²) + (π − arccos c)·c)/(2π).
func arcCos1(c float64) float64 {
	return (math.Sqrt(1-c*c) + (math.Pi-math.Acos(c))*c) / (2 * math.Pi)
}

// arcCos0 is the degree-0 arc-cosine kernel: E[relu′(u₁)relu′(u₂)] = (π − arccos c)/(2π).
func arcCos0(c float64) float64 { return (math.Pi - math.Acos(c)) / (2 * math.Pi) }

func mustNew(tb testing.TB, a Activation) *Theory {
	tb.Helper()
	th, err := New(a, nil)
	if err != nil {
		tb.Fatal(err)
	}
	return th
}

func relErr(got, want float64) float64 {
	if want == 0 {
		return math.Abs(got)
	}
	return math.Abs(got-want) / math.Abs(want)
}

// swishAct is x·σ(x), σ the logistic function: φ(0) = 0, φ′(0) = 1/2, φ′ → 1 at +∞.
var swishAct = Activation{
	F: func(x float64) float64 { return x / (1 + math.Exp(-x)) },
	DF: func(x float64) float64 {
		s := 1 / (1 + math.Exp(-x))
		return s + x*s*(1-s)
	},
}
