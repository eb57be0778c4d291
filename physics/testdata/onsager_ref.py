from mpmath import mp, mpf, sinh, cosh, log, sqrt, quad, diff
mp.dps = 80
Tc = 2/log(1+sqrt(2))
print("Tc", Tc)
def M(T):
    T = mpf(T)
    if T >= Tc: return mpf(0)
    if T <= 0: return mpf(1)
    return (1 - sinh(2/T)**-4)**(mpf(1)/8)
for T in ["0.5","1","1.5","2","2.2","2.26","2.269","2.2691853"]:
    T = mpf(T)
    print("M", T, mp.nstr(M(T), 20), "dM", mp.nstr(diff(M, T), 20))
def S(q):
    q = mpf(q)
    if q <= 0: return mpf(0)
    qq = min(q, Tc)
    f = lambda s: 8*s**7*M(Tc - s**8)
    r = quad(f, [0, qq**(mpf(1)/8)/2, qq**(mpf(1)/8)])
    if q > Tc: r += q - Tc
    return r
for q in ["1e-12","1e-6","0.01","0.1","0.5","1","2","2.2","3","10"]:
    print("S", q, mp.nstr(S(q), 20))
# tiny quench M(Tc - x)
for x in ["1e-300","1e-30","1e-12","1e-6"]:
    x = mpf(x); T = Tc - x
    print("Mq", x, mp.nstr(M(T), 20))
