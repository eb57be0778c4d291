# Reference values for physics/quench_field_test.go (TestQuenchFieldReference), computed with
# mpmath at 40 digits, independently of the Go closed form: the mean-field root m(t, h) by a
# bracketed root finder, dM/dh by numerical differentiation of that root in h, and
# dS/dh = ∫₀^x ∂m/∂h(1 − u, h) du by adaptive quadrature of mp.diff of the root, split where the
# integrand bends (|u| ~ h^(2/3) around the critical point).
# Run: python3 physics/testdata/quench_field_ref.py
from mpmath import mp, mpf, tanh, quad, diff, findroot

mp.dps = 40

def m(t, h):
    t, h = mpf(t), mpf(h)
    if t <= 0:
        return mpf(1)
    # the root y = (m + h)/t of t·y − tanh y − h, bracketed in [h/t, (1 + h)/t], polished by Newton
    g = lambda y: t * y - tanh(y) - h
    y = findroot(g, (h / t, (1 + h) / t), solver='illinois', verify=False)
    for _ in range(3):
        y -= g(y) / (t - 1 + tanh(y) ** 2)
    return tanh(y)

def dmdh(x, h):
    return diff(lambda hh: m(1 - mpf(x), hh), mpf(h))

def dsdh(x, h):
    x, h = mpf(x), mpf(h)
    s = h ** (mpf(2) / 3)
    pts = [mpf(0)]
    for k in (1, 10, 100):
        if k * s < abs(x):
            pts.append(k * s if x > 0 else -k * s)
    if x > 1:
        pts.append(mpf(1))
    pts.append(x)
    return quad(lambda u: dmdh(u, h), pts)

for x, h in [("0.5", "0.1"), ("-0.5", "0.1"), ("0.2", "0.01"), ("-2", "0.3"), ("0.9", "1"),
             ("-10", "2"), ("0.05", "0.0001"), ("-0.05", "0.0001"), ("1.5", "0.2"), ("0.3", "4")]:
    print("{%s, %s, %s, %s}," % (x, h, mp.nstr(dmdh(x, h), 17), mp.nstr(dsdh(x, h), 17)))
