#!/usr/bin/env python3
"""Independent reference values for physics/signal/stable_test.go: the stable branch of the
length map L(q) = σ_w²·A(q) + σ_b², A(q) = E[φ(√q·z)²], for quench-tanh (a = 1, c = 0),
φ(x) = x/2 + ln(cosh x)/2, at σ_b² = 0.05.

mpmath at 40 digits, sharing no code with the Go implementation: A(q) by mpmath.quad over z
(split at 0); the fixed-point curve S(q) = (q − σ_b²)/A(q); the saddle-node as the root of
dS/dq (mpmath.diff) and S there; stable fixed points as the smallest root of S(q) = σ_w²
(mpmath.findroot with a bracket below the saddle-node). Run: python3 physics/signal/testdata/stable_ref.py
"""
import mpmath as mp

mp.mp.dps = 40
SB2 = mp.mpf("0.05")


def phi(x):
    return x / 2 + mp.log(mp.cosh(x)) / 2


def A(q):
    s = mp.sqrt(q)
    return mp.quad(lambda z: phi(s * z) ** 2 * mp.npdf(z), [-mp.inf, 0, mp.inf])


def S(q):
    return (q - SB2) / A(q)


qm = mp.findroot(lambda q: mp.diff(S, q), mp.mpf("0.3"))
print("saddle-node: q* = %s, σ_w² = %s" % (mp.nstr(qm, 20), mp.nstr(S(qm), 20)))
print("S(1) = %s (where the unstable root crosses Q0 = 1)" % mp.nstr(S(mp.mpf(1)), 20))
for sw2 in ["1", "2", "2.5", "2.9"]:
    sw2 = mp.mpf(sw2)
    q = mp.findroot(lambda q: S(q) - sw2, (SB2 + mp.mpf("1e-6"), qm), solver="anderson")
    print("σ_w² = %s: stable q* = %s" % (mp.nstr(sw2, 5), mp.nstr(q, 20)))
