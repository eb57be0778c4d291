#!/usr/bin/env python3
"""Independent reference values for activations/reference_test.go.

Every value is computed from its defining formula with mpmath at 40 significant digits:
closed forms for the stock and tanh-fit/quench activations, mpmath.findroot on
m = tanh((m + h)/t) for the mean-field ones, Yang's formula for the 2D Ising ones, and
mpmath.quad for the quench integrals and the Gaussian (population) averages. It shares no
code with the Go implementation. Run: python3 activations/testdata/refvalues.py

The 2D Ising activations are evaluated on both x-scales: units=tc (the default since the
comparison protocol v2: x in units of Tc, T = Tc·(1 − x), so T = TC2D − s·x with s = TC2D) and
units=j (x in units of J, T = TC2D − x, s = 1); the quench integral is ∫₀^x M(TC2D − s·u) du.
"""
import mpmath as mp

mp.mp.dps = 40
TC2D = 2 / mp.log(1 + mp.sqrt(2))


def sig(x):
    return 1 / (1 + mp.exp(-x))


def softplus(x):
    return mp.log(1 + mp.exp(x))


def mf_m(t, h):
    """Stable root of m = tanh((m + h)/t): sign of h, m > 0 branch for h = 0."""
    if t <= 0:
        return mp.mpf(1) if h >= 0 else mp.mpf(-1)
    if h == 0 and t >= 1:
        return mp.mpf(0)
    s = 1 if h >= 0 else -1
    # bisection bracket on the branch with the sign of h, then polish
    f = lambda m: m - mp.tanh((m + h) / t)
    lo, hi = (mp.mpf("1e-30"), mp.mpf(1)) if s > 0 else (mp.mpf(-1), mp.mpf(0))
    for _ in range(160):  # bisection: f(lo) < 0 < f(hi) on the bracket, 2^-160 < 1e-48
        mid = (lo + hi) / 2
        if f(mid) < 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def mf_dmdx(x, h):
    t = 1 - x
    if t <= 0 or (h == 0 and t >= 1):
        return mp.mpf(0)
    m = mf_m(t, h)
    s = 1 - m * m
    y = (m + h) / t
    return s * y / (t - s)  # = -dm/dt


def yang(T):
    if T <= 0:
        return mp.mpf(1)
    if T >= TC2D:
        return mp.mpf(0)
    w = 1 - mp.sinh(2 / T) ** -4
    return w ** (mp.mpf(1) / 8) if w > 0 else mp.mpf(0)


def yang_dmdx(x, s=1):
    """d/dx of yang(TC2D − s·x), by mpmath's numerical differentiation at 40 digits."""
    T = TC2D - s * x
    if T <= 0 or T >= TC2D:
        return mp.mpf(0)
    return mp.diff(lambda u: yang(TC2D - s * u), x)


def quench_mf(x, h):
    if x == 0:
        return mp.mpf(0)
    pts = sorted(set([mp.mpf(0), mp.mpf(x)] + ([mp.mpf(1)] if x > 1 else [])))
    v = mp.quad(lambda u: mf_m(1 - u, h), pts)
    return v if x > 0 else -v


def quench_onsager(x, s=1):
    """∫₀^x yang(TC2D − s·u) du; the integrand is 1 beyond u = TC2D/s."""
    if x <= 0:
        return mp.mpf(0)
    end = TC2D / s
    pts = [0, x] if x < end else [0, end, x]
    return mp.quad(lambda u: yang(TC2D - s * u), pts)


def population(f, x, sigma, kinks=(0,)):
    """E[f(x + sigma xi)] and its x-derivative by quadrature over xi with breakpoints."""
    phi = lambda u: mp.exp(-u * u / 2) / mp.sqrt(2 * mp.pi)
    pts = sorted(set([-mp.inf, mp.inf] + [(k - x) / sigma for k in kinks]))
    F = mp.quad(lambda u: f(x + sigma * u) * phi(u), pts)
    DF = mp.quad(lambda u: u * f(x + sigma * u) * phi(u), pts) / sigma
    return F, DF


def pop_quench_mf(x, sigma, h=0):
    """Population of quench-mf at h = 0 as one integral: ∫₀^∞ m(1 − u) Φ((x − u)/σ) du."""
    assert h == 0
    Phi = lambda z: mp.ncdf(z)
    F = mp.quad(lambda u: mf_m(1 - u, 0) * Phi((x - u) / sigma), [0, 1, mp.inf])
    DF = mp.quad(lambda u: mf_m(1 - u, 0) * mp.npdf((x - u) / sigma) / sigma, [0, 1, mp.inf])
    return F, DF


def diff(f, x):
    return mp.diff(f, x)


cases = []


def add(spec, xs, F, DF=None):
    for x in xs:
        x = mp.mpf(x)
        f = F(x)
        if isinstance(f, tuple):
            f, d = f
        else:
            d = DF(x) if DF else diff(F, x)
        cases.append((spec, x, f, d))


X = ["-1.3", "-0.2", "0.15", "0.6", "1.7"]
add("tanh", X, mp.tanh)
add("sigmoid", X, sig)
add("relu", X, lambda x: max(x, 0), lambda x: 1 if x >= 0 else 0)
add("softplus", X, softplus)
add("mish", X, lambda x: x * mp.tanh(softplus(x)))
add("elu", X, lambda x: x if x > 0 else mp.expm1(x))
add("elu:alpha=0.5", X, lambda x: x if x > 0 else mp.mpf("0.5") * mp.expm1(x))
add("gelu", X, lambda x: x * mp.ncdf(x))
add("swish", X, lambda x: x * sig(x))
add("tanh-fit", X, lambda x: (1 + mp.tanh(6 * x)) / 2)
add("tanh-fit:a=2,theta=0.5", X, lambda x: (1 + mp.tanh(2 * (x - mp.mpf("0.5")))) / 2)
add("quench-tanh", X, lambda x: x / 2 + mp.log(mp.cosh(x)) / 2)
add("quench-tanh:a=6,c=-1", X, lambda x: x / 2 + mp.log(mp.cosh(6 * x)) / 12 - 1)
add("quench-sigmoid", X, lambda x: softplus(x) - mp.log(2))
add("quench-sigmoid:c=-0.5", X, lambda x: softplus(x) - mp.log(2) - mp.mpf("0.5"))
XM = ["-0.4", "0.05", "0.3", "0.8", "1.4"]
add("mf-magnetization", XM, lambda x: mf_m(1 - x, 0), lambda x: mf_dmdx(x, 0))
add("mf-magnetization:h=0.1", XM, lambda x: mf_m(1 - x, mp.mpf("0.1")), lambda x: mf_dmdx(x, mp.mpf("0.1")))
add("mf-magnetization:h=-0.3", XM, lambda x: mf_m(1 - x, mp.mpf("-0.3")), lambda x: mf_dmdx(x, mp.mpf("-0.3")))
add("quench-mf", XM, lambda x: quench_mf(x, 0), lambda x: mf_m(1 - x, 0))
add("quench-mf:h=0.1", XM, lambda x: quench_mf(x, mp.mpf("0.1")), lambda x: mf_m(1 - x, mp.mpf("0.1")))
XT = ["-0.4", "0.02", "0.3", "0.7", "1.3"]
add("onsager-magnetization", XT, lambda x: yang(TC2D * (1 - x)), lambda x: yang_dmdx(x, TC2D))
add("onsager-magnetization", ["0.005"], lambda x: yang(TC2D * (1 - x)), lambda x: min(yang_dmdx(x, TC2D), 10))  # clipped
add("onsager-magnetization:maxslope=100", ["0.001", "0.005"], lambda x: yang(TC2D * (1 - x)), lambda x: yang_dmdx(x, TC2D))
add("quench-onsager", XT, lambda x: quench_onsager(x, TC2D), lambda x: yang(TC2D * (1 - x)))
XO = ["-0.4", "0.05", "0.5", "1.5", "2.5"]
add("onsager-magnetization:units=j", XO, lambda x: yang(TC2D - x), yang_dmdx)
add("quench-onsager:units=j", XO, quench_onsager, lambda x: yang(TC2D - x))
XP = ["-1.1", "-0.1", "0.2", "0.9", "2.2"]
add("population:of=relu,sigma=0.5", XP, lambda x: population(lambda y: max(y, 0), x, mp.mpf("0.5")))
add("population:of=quench-sigmoid,sigma=1", XP, lambda x: population(lambda y: softplus(y) - mp.log(2), x, mp.mpf(1), kinks=()))
add("population:of=tanh-fit,sigma=0.3", XP, lambda x: population(lambda y: (1 + mp.tanh(6 * y)) / 2, x, mp.mpf("0.3")))
add("population:of=onsager-magnetization,sigma=0.2", XP, lambda x: population(lambda y: yang(TC2D * (1 - y)), x, mp.mpf("0.2"), kinks=(0, 1)))
add("population:of=onsager-magnetization:units=j,sigma=0.2", XP, lambda x: population(lambda y: yang(TC2D - y), x, mp.mpf("0.2"), kinks=(0, TC2D)))
add("population", XP, lambda x: pop_quench_mf(x, mp.mpf("0.5")))

for spec, x, f, d in cases:
    print('\t{"%s", %s, %s, %s},' % (spec, mp.nstr(x, 17), mp.nstr(f, 20), mp.nstr(d, 20)))
