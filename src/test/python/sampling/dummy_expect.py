# Scalar re-implementation (float64) of each sampler, transcribed from k-diffusion sampling.py,
# A1111 sd_samplers_extra.py / sd_samplers_lcm.py / sd_samplers_timesteps_impl.py / uni_pc.py, for the
# dummy model denoised = 0.8 x (timestep samplers: eps = 0.3 x), a constant start latent x0 = 1 and a
# constant noise source 0.5. With constant inputs every element stays equal, so one scalar is the mean.
import math, numpy as np
D = lambda x, s: 0.8 * x
SIG = [10.0, 5.0, 2.5, 1.0, 0.5, 0.1, 0.0]
N = 0.5
def anc(sf, st, eta=1.0):
    if not eta: return st, 0.0
    up = min(st, eta * (st**2 * (sf**2 - st**2) / sf**2) ** 0.5); return (st**2 - up**2) ** 0.5, up
def euler(x, s):
    for i in range(len(s)-1):
        den = D(x, s[i]); d = (x-den)/s[i]; x = x + d*(s[i+1]-s[i])
    return x
def euler_a(x, s):
    for i in range(len(s)-1):
        den = D(x, s[i]); dn, up = anc(s[i], s[i+1]); d = (x-den)/s[i]; x = x + d*(dn-s[i])
        if s[i+1] > 0: x = x + N*up
    return x
def heun(x, s):
    for i in range(len(s)-1):
        den = D(x, s[i]); d = (x-den)/s[i]; dt = s[i+1]-s[i]
        if s[i+1] == 0: x = x + d*dt
        else:
            x2 = x + d*dt; d2 = (x2 - D(x2, s[i+1]))/s[i+1]; x = x + (d+d2)/2*dt
    return x
def dpm2(x, s):
    for i in range(len(s)-1):
        den = D(x, s[i]); d = (x-den)/s[i]
        if s[i+1] == 0: x = x + d*(s[i+1]-s[i])
        else:
            sm = math.exp((math.log(s[i]) + math.log(s[i+1]))/2); x2 = x + d*(sm-s[i]); d2 = (x2-D(x2, sm))/sm
            x = x + d2*(s[i+1]-s[i])
    return x
def dpm2a(x, s):
    for i in range(len(s)-1):
        den = D(x, s[i]); dn, up = anc(s[i], s[i+1]); d = (x-den)/s[i]
        if dn == 0: x = x + d*(dn-s[i])
        else:
            sm = math.exp((math.log(s[i]) + math.log(dn))/2); x2 = x + d*(sm-s[i]); d2 = (x2-D(x2, sm))/sm
            x = x + d2*(dn-s[i]); x = x + N*up
    return x
def lms_coeff(order, t, i, j):
    def fn(tau):
        p = 1.0
        for k in range(order):
            if j == k: continue
            p *= (tau - t[i-k]) / (t[i-j] - t[i-k])
        return p
    # Gauss-Legendre 5 points: exact for the degree <= 3 Lagrange basis
    xs, ws = np.polynomial.legendre.leggauss(5); a, b = t[i], t[i+1]
    return sum(w*fn((b-a)/2*xx + (a+b)/2) for xx, w in zip(xs, ws)) * (b-a)/2
def lms(x, s):
    ds = []
    for i in range(len(s)-1):
        den = D(x, s[i]); ds.append((x-den)/s[i]); ds = ds[-4:]
        o = min(i+1, 4); cs = [lms_coeff(o, s, i, j) for j in range(o)]
        x = x + sum(c*d for c, d in zip(cs, reversed(ds)))
    return x
def dpmpp_2s_a(x, s):
    for i in range(len(s)-1):
        den = D(x, s[i]); dn, up = anc(s[i], s[i+1])
        if dn == 0: x = x + (x-den)/s[i]*(dn-s[i])
        else:
            t, tn = -math.log(s[i]), -math.log(dn); h = tn-t; ss = t + h/2
            x2 = (math.exp(-ss)/math.exp(-t))*x - math.expm1(-h/2)*den; den2 = D(x2, math.exp(-ss))
            x = (math.exp(-tn)/math.exp(-t))*x - math.expm1(-h)*den2
        if s[i+1] > 0: x = x + N*up
    return x
def dpmpp_2m(x, s):
    old = None
    for i in range(len(s)-1):
        den = D(x, s[i]); t = -math.log(s[i]); tn = -math.log(s[i+1]) if s[i+1] > 0 else math.inf; h = tn-t
        r0 = s[i+1]/s[i]
        if old is None or s[i+1] == 0: x = r0*x - math.expm1(-h)*den
        else:
            hl = t + math.log(s[i-1]); r = hl/h; dd = (1+1/(2*r))*den - (1/(2*r))*old; x = r0*x - math.expm1(-h)*dd
        old = den
    return x
def dpmpp_sde_eta0(x, s):
    for i in range(len(s)-1):
        den = D(x, s[i])
        if s[i+1] == 0: x = x + (x-den)/s[i]*(s[i+1]-s[i]); continue
        t, tn = -math.log(s[i]), -math.log(s[i+1]); h = tn-t; ss = t + h/2
        x2 = (math.exp(-ss)/math.exp(-t))*x - math.expm1(t-ss)*den; den2 = D(x2, math.exp(-ss))
        dd = 0.0*den + 1.0*den2; x = (math.exp(-tn)/math.exp(-t))*x - math.expm1(t-tn)*dd
    return x
def dpmpp_2m_sde_eta0(x, s, heun):
    old = None; hl = None
    for i in range(len(s)-1):
        den = D(x, s[i])
        if s[i+1] == 0: x = den
        else:
            t, sn = -math.log(s[i]), -math.log(s[i+1]); h = sn-t; phi = -math.expm1(-h)
            x = s[i+1]/s[i]*x + phi*den
            if old is not None:
                r = hl/h
                x = x + ((phi/(-h) + 1) if heun else 0.5*phi)*(1/r)*(den-old)
            hl = h
        old = den
    return x
def dpmpp_3m_sde_eta0(x, s):
    d1 = d2 = None; h = h1 = h2 = None
    for i in range(len(s)-1):
        den = D(x, s[i])
        if s[i+1] == 0: x = den
        else:
            t, sn = -math.log(s[i]), -math.log(s[i+1]); h = sn-t; he = h
            x = math.exp(-he)*x + (-math.expm1(-he))*den
            if h2 is not None:
                r0, r1 = h1/h, h2/h; a = (den-d1)/r0; b = (d1-d2)/r1
                dd1 = a + (a-b)*r0/(r0+r1); dd2 = (a-b)/(r0+r1); p2 = math.expm1(-he)/he + 1; p3 = p2/he - 0.5
                x = x + p2*dd1 - p3*dd2
            elif h1 is not None:
                r = h1/h; x = x + (math.expm1(-he)/he + 1)*(den-d1)/r
        d1, d2 = den, d1; h1, h2 = h, h1
    return x
def lcm(x, s):
    for i in range(len(s)-1):
        x = D(x, s[i])
        if s[i+1] > 0: x = x + s[i+1]*N
    return x
def karras(n, smin, smax, rho=7.0):
    r = np.linspace(0, 1, n); a, b = smin**(1/rho), smax**(1/rho); return list((b + r*(a-b))**rho) + [0.0]
def restart(x, s):
    steps = len(s)-1; rl = {}
    if steps >= 20:
        rs, rt = 9, 1
        if steps >= 36: rs, rt = steps//4, 2
        s = karras(steps - rs*rt, s[-2], s[0]); rl = {0.1: [rs+1, rt, 2]}
    s = np.array(s); rl = {int(np.argmin(abs(s-k))): v for k, v in rl.items()}
    sl = []
    for i in range(len(s)-1):
        sl.append((s[i], s[i+1]))
        if i+1 in rl:
            rs, rt, rm = rl[i+1]; mi = i+1; ma = int(np.argmin(abs(s-rm)))
            if ma < mi:
                sr = karras(rs, s[mi], s[ma])[:-1]
                for _ in range(rt): sl.extend(zip(sr[:-1], sr[1:]))
    last = None
    for o, nw in sl:
        if last is None: last = o
        elif last < o: x = x + N*(o**2 - last**2)**0.5
        den = D(x, o); d = (x-den)/o; dt = nw-o
        if nw == 0: x = x + d*dt
        else:
            x2 = x + d*dt; d2 = (x2-D(x2, nw))/nw; x = x + (d+d2)/2*dt
        last = nw
    return x, len(sl)
# DPM-Solver (fast, eta 0): eps = (x - D(x))/sigma = 0.2 x / sigma
def dsig(t): return math.exp(-t)
def eps(x, t): return (x - D(x, dsig(t)))/dsig(t)
def s1(x, t, tn): h = tn-t; return x - dsig(tn)*math.expm1(h)*eps(x, t)
def s2(x, t, tn, r1=0.5):
    h = tn-t; e = eps(x, t); u1 = x - dsig(t + r1*h)*math.expm1(r1*h)*e; e1 = eps(u1, t + r1*h)
    return x - dsig(tn)*math.expm1(h)*e - dsig(tn)/(2*r1)*math.expm1(h)*(e1-e)
def s3(x, t, tn, r1=1/3, r2=2/3):
    h = tn-t; e = eps(x, t); u1 = x - dsig(t+r1*h)*math.expm1(r1*h)*e; e1 = eps(u1, t+r1*h)
    u2 = x - dsig(t+r2*h)*math.expm1(r2*h)*e - dsig(t+r2*h)*(r2/r1)*(math.expm1(r2*h)/(r2*h) - 1)*(e1-e)
    e2 = eps(u2, t+r2*h)
    return x - dsig(tn)*math.expm1(h)*e - dsig(tn)/r2*(math.expm1(h)/h - 1)*(e2-e)
def dpm_fast(x, s):
    nfe = len(s)-1; smin = min(v for v in s if v > 0); ts_, te = -math.log(s[0]), -math.log(smin)
    m = nfe//3 + 1; ts = np.linspace(ts_, te, m+1)
    orders = [3]*(m-2) + [2, 1] if nfe % 3 == 0 else [3]*(m-1) + [nfe % 3]
    for i, o in enumerate(orders):
        x = (s1 if o == 1 else (s2 if o == 2 else s3))(x, ts[i], ts[i+1])
    return x
def dpm_adaptive(x, s):
    smin = min(v for v in s if v > 0); ss, te = -math.log(s[0]), -math.log(smin)
    h = 0.05; xp = x; n = 0
    while ss < te - 1e-5:
        t = min(te, ss + h); lo = s2(x, ss, t, 1/3); hi = s3(x, ss, t)
        delta = max(0.0078, 0.05*max(abs(lo), abs(xp))); err = abs(lo-hi)/delta
        f = 1 + math.atan((1/(err + 1e-8))**(1/3) - 1); h *= f; n += 1
        if f >= 0.81: xp = lo; x = hi; ss = t
    return x, n
betas = np.linspace(0.00085**0.5, 0.012**0.5, 1000, dtype=np.float64)**2
ac = np.cumprod(1-betas).astype(np.float32).astype(np.float64)
E = lambda x, t: 0.3*x
TS = [1, 201, 401, 601, 801]
def ddim(x, ts, full):
    n = len(ts) if full else len(ts)-1
    for i in range(n):
        idx = len(ts)-1-i; a = ac[ts[idx]]; ap = ac[ts[idx-1]] if idx > 0 else ac[0]; e = E(x, ts[idx])
        x0 = (x - (1-a)**0.5*e)/a**0.5; x = ap**0.5*x0 + (1-ap)**0.5*e
    return x
def plms(x, ts):
    old = []
    def step(x, e, idx):
        a = ac[ts[idx]]; ap = ac[ts[idx-1]] if idx > 0 else ac[0]; x0 = (x - (1-a)**0.5*e)/a**0.5
        return ap**0.5*x0 + (1-ap)**0.5*e
    for i in range(len(ts)-1):
        idx = len(ts)-1-i; tn = ts[max(idx-1, 0)]; e = E(x, ts[idx])
        if not old: xp = step(x, e, idx); ep = (e + E(xp, tn))/2
        elif len(old) == 1: ep = (3*e - old[-1])/2
        elif len(old) == 2: ep = (23*e - 16*old[-1] + 5*old[-2])/12
        else: ep = (55*e - 59*old[-1] + 37*old[-2] - 9*old[-3])/24
        x = step(x, ep, idx); old.append(e); old = old[-3:] if len(old) >= 4 else old
    return x
tarr = np.arange(1, 1001)/1000.0; la = 0.5*np.log(ac)
def lmc(t): return float(np.interp(t, tarr, la))
def alpha(t): return math.exp(lmc(t))
def std(t): return math.sqrt(1 - math.exp(2*lmc(t)))
def lam(t): return lmc(t) - 0.5*math.log(1 - math.exp(2*lmc(t)))
def dp(x, t): e = E(x, (t - 0.001)*1000); return (x - std(t)*e)/alpha(t)
def unipc(x, steps, order=3):
    ts = np.linspace(1.0, 0.001, steps+1); models = [dp(x, ts[0])]; tp = [ts[0]]
    def upd(x, t, order, corr):
        m0 = models[-1]; l0 = lam(tp[-1]); h = lam(t) - l0; sp, st, at = std(tp[-1]), std(t), alpha(t)
        rks = []; D1 = []
        for i in range(1, order):
            rk = (lam(tp[-(i+1)]) - l0)/h; rks.append(rk); D1.append((models[-(i+1)] - m0)/rk)
        rks.append(1.0); hh = -h; hp1 = math.expm1(hh); hpk = hp1/hh - 1; fac = 1; Bh = hh; R = []; b = []
        for i in range(1, order+1):
            R.append([r**(i-1) for r in rks]); b.append(hpk*fac/Bh); fac *= (i+1); hpk = hpk/hh - 1/fac
        R = np.array(R); b = np.array(b)
        xt_ = st/sp*x - at*hp1*m0; xt = xt_
        if D1:
            rp = np.array([0.5]) if order == 2 else np.linalg.solve(R[:-1, :-1], b[:-1]); xt = xt_ - at*Bh*float(np.dot(rp, D1))
        if not corr: return xt, None
        rc = np.array([0.5]) if order == 1 else np.linalg.solve(R, b); mt = dp(xt, t)
        cr = float(np.dot(rc[:-1], D1)) if D1 else 0.0
        return xt_ - at*Bh*(cr + rc[-1]*(mt - m0)), mt
    for io in range(1, order):
        x, mx = upd(x, ts[io], io, True); models.append(mx); tp.append(ts[io])
    for st in range(order, steps+1):
        so = min(order, steps+1-st); x, mx = upd(x, ts[st], so, st != steps)
        models.pop(0); tp.pop(0); tp.append(ts[st]); models.append(mx if st < steps else None)
    return x
R20 = karras(20, 0.0292, 14.6146)
out = dict(EULER=euler(1, SIG), EULER_A=euler_a(1, SIG), HEUN=heun(1, SIG), DPM2=dpm2(1, SIG), DPM2_A=dpm2a(1, SIG),
           LMS=lms(1, SIG), DPMPP_2S_A=dpmpp_2s_a(1, SIG), DPMPP_2M=dpmpp_2m(1, SIG), DPMPP_SDE_ETA0=dpmpp_sde_eta0(1, SIG),
           DPMPP_2M_SDE_ETA0=dpmpp_2m_sde_eta0(1, SIG, False), DPMPP_2M_SDE_HEUN_ETA0=dpmpp_2m_sde_eta0(1, SIG, True),
           DPMPP_3M_SDE_ETA0=dpmpp_3m_sde_eta0(1, SIG), LCM=lcm(1, SIG), RESTART_SHORT=restart(1, SIG)[0],
           RESTART_20=restart(1, R20)[0], RESTART_20_STEPS=restart(1, R20)[1], DPM_FAST=dpm_fast(1, SIG),
           DPM_ADAPTIVE=dpm_adaptive(1, SIG)[0], DPM_ADAPTIVE_STEPS=dpm_adaptive(1, SIG)[1],
           DDIM_FULL=ddim(1, TS, True), DDIM_A1111=ddim(1, TS, False), PLMS=plms(1, TS), UNIPC=unipc(1, 5))
for k, v in out.items(): print(f'{k} = {v!r}')
