# Reference values of the parameter derivatives ∂F/∂θ for activations/learn_test.go
# (TestParamPartialsReference), computed with mpmath at 40 digits by numerical differentiation
# (mp.diff) of each activation's defining formula in its parameter, sharing no code with the Go
# package: tanh-fit ½ + ½tanh(a(x − θ)); quench-tanh x/2 + ln cosh(ax)/(2a) + c; population of
# quench-tanh:a=2 as the Gaussian average ∫ f(x + σξ)φ(ξ)dξ by mp.quad. The mean-field rows
# (h) come from physics/testdata/quench_field_ref.py.
# Run: python3 activations/testdata/learn_ref.py
from mpmath import mp, mpf, tanh, cosh, log, diff, quad, exp, sqrt, pi, inf

mp.dps = 40

def tanhfit(x, a, th):
    return mpf(1) / 2 + tanh(a * (x - th)) / 2

def quenchtanh(x, a, c):
    return x / 2 + log(cosh(a * x)) / (2 * a) + c

def pop_qt(x, s):
    f = lambda xi: quenchtanh(x + s * xi, mpf(2), 0) * exp(-xi * xi / 2) / sqrt(2 * pi)
    k = -x / s  # kink-free but steep near x + σξ = 0
    return quad(f, [-inf, k - 1, k, k + 1, inf])

for x, a, th in [("-0.7", "2", "0.5"), ("0.3", "20", "0.25"), ("1.4", "0.5", "-1")]:
    x, a, th = mpf(x), mpf(a), mpf(th)
    print('{"tanh-fit:a=%s,theta=%s", %s, "a", %s},' % (mp.nstr(a, 5), mp.nstr(th, 5), mp.nstr(x, 5), mp.nstr(diff(lambda v: tanhfit(x, v, th), a), 17)))
    print('{"tanh-fit:a=%s,theta=%s", %s, "theta", %s},' % (mp.nstr(a, 5), mp.nstr(th, 5), mp.nstr(x, 5), mp.nstr(diff(lambda v: tanhfit(x, a, v), th), 17)))
for x, a in [("-2.3", "1"), ("0.15", "6"), ("0.8", "0.01"), ("-30", "3"), ("1e-3", "2")]:
    x, a = mpf(x), mpf(a)
    print('{"quench-tanh:a=%s,c=0", %s, "a", %s},' % (mp.nstr(a, 5), mp.nstr(x, 5), mp.nstr(diff(lambda v: quenchtanh(x, v, 0), a), 17)))
for x, s in [("-0.6", "0.3"), ("0.4", "0.5"), ("1.5", "1.2")]:
    x, s = mpf(x), mpf(s)
    print('{"population:of=quench-tanh:a=2;c=0,sigma=%s", %s, "sigma", %s},' % (mp.nstr(s, 5), mp.nstr(x, 5), mp.nstr(diff(lambda v: pop_qt(x, v), s), 17)))
