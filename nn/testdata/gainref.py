#!/usr/bin/env python3
"""Independent reference values for nn/init_gain_test.go.

The gain initialiser's weight variance is σ_w² = 1/E[φ′(√q·z)²], z ~ N(0, 1). Each E[φ′²] is
computed here from the derivative's defining formula with mpmath at 40 significant digits
(mpmath.quad over z with breakpoints at the kinks of φ′; mpmath root finding for the mean-field
magnetization; Yang's formula for the 2D Ising model), sharing no code with the Go
implementation. Run: python3 nn/testdata/gainref.py
"""
import mpmath as mp

mp.mp.dps = 40
TC2D = 2 / mp.log(1 + mp.sqrt(2))


def expect(g, q, kinks=()):
    """E[g(√q·z)] by quadrature over z with breakpoints where √q·z hits 0 or a kink."""
    s = mp.sqrt(q)
    pts = sorted(set([-mp.inf, mp.mpf(0), mp.inf] + [mp.mpf(k) / s for k in kinks]))
    return mp.quad(lambda z: g(s * z) * mp.npdf(z), pts)


def sig(x):
    return 1 / (1 + mp.exp(-x))


def mf_m(t):
    """m > 0 root of m = tanh(m/t) for 0 < t < 1, by bisection (h = 0)."""
    lo, hi = mp.mpf("1e-30"), mp.mpf(1)
    for _ in range(150):
        mid = (lo + hi) / 2
        if mid - mp.tanh(mid / t) < 0:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def mf_dmdx(x):
    """d/dx m(1 − x) for 0 < x < 1, by the implicit function theorem."""
    t = 1 - x
    m = mf_m(t)
    s = mp.sech(m / t) ** 2  # = 1 − m², without the cancellation as m → 1
    return s * (m / t) / (t - s)


def clip_point(d, cap):
    """x in (0, 1) where the decreasing slope d(x) equals cap."""
    lo, hi = mp.mpf("1e-20"), mp.mpf("0.5")
    for _ in range(150):  # bisection: d(lo) > cap > d(hi)
        mid = (lo + hi) / 2
        if d(mid) > cap:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2


def yang_dmdx(x):
    """d/dx M(TC2D·(1 − x)) for 0 < x < 1."""
    T = TC2D * (1 - x)
    K = 2 / T
    dMdT = -mp.cosh(K) / (T**2 * mp.sinh(K) ** 5 * (1 - mp.sinh(K) ** -4) ** (mp.mpf(7) / 8))
    return -TC2D * dMdT


def yang(x):
    """M(TC2D·(1 − x)), 0 for x ≤ 0, 1 for x ≥ 1."""
    if x <= 0:
        return mp.mpf(0)
    if x >= 1:
        return mp.mpf(1)
    T = TC2D * (1 - x)
    w = 1 - mp.sinh(2 / T) ** -4
    return w ** (mp.mpf(1) / 8) if w > 0 else mp.mpf(0)


def mf_mag(x):
    if x <= 0:
        return mp.mpf(0)
    if x >= 1:
        return mp.mpf(1)
    return mf_m(1 - x)


def clipped_sq(d, xc):
    """φ′² of a magnetization on (0, 1) whose slope d is capped at 10 below xc."""
    return lambda x: mp.mpf(0) if x <= 0 or x >= 1 else (mp.mpf(100) if x < xc else d(x) ** 2)


xc_mf = clip_point(mf_dmdx, 10)
xc_on = clip_point(yang_dmdx, 10)
print("# slope 10 reached at x = %s (mf-magnetization), %s (onsager-magnetization)" % (mp.nstr(xc_mf, 10), mp.nstr(xc_on, 10)))

cases = [
    ("relu", 1, lambda x: 1 if x > 0 else 0, ()),
    ("tanh", 1, lambda x: mp.sech(x) ** 4, ()),
    ("tanh", mp.mpf("0.25"), lambda x: mp.sech(x) ** 4, ()),
    ("tanh", 4, lambda x: mp.sech(x) ** 4, ()),
    ("sigmoid", 1, lambda x: (sig(x) * (1 - sig(x))) ** 2, ()),
    ("elu", 1, lambda x: 1 if x > 0 else mp.exp(2 * x), ()),
    ("gelu", 1, lambda x: (mp.ncdf(x) + x * mp.npdf(x)) ** 2, ()),
    ("swish", 1, lambda x: (sig(x) * (1 + x * (1 - sig(x)))) ** 2, ()),
    ("softplus", 1, lambda x: sig(x) ** 2, ()),
    ("quench-tanh", 1, lambda x: ((1 + mp.tanh(x)) / 2) ** 2, ()),
    ("quench-mf", 1, lambda x: mf_mag(x) ** 2, (1,)),
    ("quench-onsager", 1, lambda x: yang(x) ** 2, (1,)),
    ("mf-magnetization", 1, clipped_sq(mf_dmdx, xc_mf), (xc_mf, 1)),
    ("onsager-magnetization", 1, clipped_sq(yang_dmdx, xc_on), (xc_on, 1)),
]

for name, q, g, kinks in cases:
    e = expect(g, mp.mpf(q), kinks)
    print('\t{"%s", %s, %s},' % (name, mp.nstr(mp.mpf(q), 17), mp.nstr(1 / e, 20)))

# The pre-activation variance at which tanh's gain equals PyTorch's 5/3: E[sech⁴(√q·z)] = 9/25.
q53 = mp.findroot(lambda q: expect(lambda x: mp.sech(x) ** 4, q) - mp.mpf(9) / 25, 1.5)
print("# tanh: gain 5/3 at q =", mp.nstr(q53, 20))
