# Independent numpy (float64) implementation of A1111's schedules (modules/sd_schedulers.py and the
# k-diffusion functions it names) used to produce the golden values of ScheduleGoldenTest.
import numpy as np, math
from math import lgamma
betas = np.linspace(0.00085 ** 0.5, 0.012 ** 0.5, 1000, dtype=np.float64) ** 2   # ldm register_schedule('linear')
ac = np.cumprod(1 - betas).astype(np.float32)                                       # stored as float32
sig = np.sqrt((1 - ac) / ac).astype(np.float32).astype(np.float64)                  # k-diffusion DiscreteSchedule.sigmas (float32)
logs = np.log(sig.astype(np.float32)).astype(np.float32).astype(np.float64)
smin, smax = sig[0], sig[-1]
def s2t(s):
    ls = math.log(s); d = ls - logs
    low = min(int(np.cumsum(d >= 0).argmax()), len(logs) - 2)
    w = min(max((logs[low] - ls) / (logs[low] - logs[low+1]), 0), 1)
    return (1-w)*low + w*(low+1)
def t2s(t):
    lo, hi = math.floor(t), math.ceil(t); w = t - lo
    return math.exp((1-w)*logs[lo] + w*logs[hi])
def z(a): return list(a) + [0.0]
def uniform(n): return z([t2s(t) for t in np.linspace(999, 0, n)])
def karras(n, rho=7.0):
    r = np.linspace(0, 1, n); a, b = smin ** (1/rho), smax ** (1/rho)
    return z((b + r*(a-b)) ** rho)
def exponential(n): return z(np.exp(np.linspace(math.log(smax), math.log(smin), n)))
def polyexp(n, rho=1.0): return z(np.exp(np.linspace(1, 0, n) ** rho * (math.log(smax)-math.log(smin)) + math.log(smin)))
def normal(n, sgm=False):
    ts = np.linspace(s2t(smax), s2t(smin), n+1)[:-1] if sgm else np.linspace(s2t(smax), s2t(smin), n)
    return z([t2s(t) for t in ts])
def kl(n):
    i = np.arange(n+1); return list(np.tan(i/n*math.atan(smin) + (1-i/n)*math.atan(smax)))
def ays(n):
    t = [14.615, 6.475, 3.861, 2.697, 1.886, 1.396, 0.963, 0.652, 0.399, 0.152, 0.029]
    if n == len(t): return z(t)
    xs = np.linspace(0, 1, len(t)); ys = np.log(t[::-1]); nx = np.linspace(0, 1, n)
    return z(np.exp(np.interp(nx, xs, ys))[::-1])
def simple(n):
    ss = 1000 / n; return z([sig[-(1 + int(x*ss))] for x in range(n)])
def ddim(n):
    ss = max(1000 // n, 1); out = []; x = 1
    while x < 1000: out.append(sig[x]); x += ss
    return z(out[::-1])
def betainc(x, a, b):
    # regularized incomplete beta by numeric integration (mid-point on a substituted variable), independent of the Java code
    from math import exp, log
    if x <= 0: return 0.0
    if x >= 1: return 1.0
    # substitution u = t^(1/a) removes the t^(a-1) singularity; then composite Simpson
    N = 20000
    def integral(xx, a, b):
        U = xx ** a; h = U / N; s = 0.0
        for k in range(N+1):
            u = k*h; t = u ** (1/a) if u > 0 else 0.0
            f = (1 - t) ** (b - 1) / a if t < 1 else 0.0
            s += f * (1 if k in (0, N) else (4 if k % 2 else 2))
        return s * h / 3
    B = math.exp(lgamma(a) + lgamma(b) - lgamma(a+b))
    if x < 0.5: return integral(x, a, b) / B
    return 1 - integral(1 - x, b, a) / B
def ppf(p, a, b):
    lo, hi = 0.0, 1.0
    for _ in range(60):
        m = (lo+hi)/2
        if betainc(m, a, b) < p: lo = m
        else: hi = m
    return (lo+hi)/2
def beta(n, a=0.6, b=0.6): return z([smin + ppf(x, a, b)*(smax-smin) for x in 1 - np.linspace(0, 1, n)])
S = dict(UNIFORM=uniform, KARRAS=karras, EXPONENTIAL=exponential, POLYEXPONENTIAL=polyexp,
         SGM_UNIFORM=lambda n: normal(n, True), KL_OPTIMAL=kl, ALIGN_YOUR_STEPS=ays, SIMPLE=simple,
         NORMAL=normal, DDIM=ddim, BETA=beta)
for name, f in S.items():
    for n in (1, 2, 10, 20):
        v = [float(x) for x in f(n)]
        print(f'        {{"{name}", {n}, {len(v)}, {sum(v)!r}, {v[0]!r}, {v[len(v)//2]!r}, {v[-2]!r}}},')
