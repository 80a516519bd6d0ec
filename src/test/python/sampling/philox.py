# A1111 modules/rng_philox.py formula (Philox-4x32-10 + Box-Muller, numpy), used to derive the NV test vectors.
import numpy as np
M = [0xD2511F53, 0xCD9E8D57]; W = [0x9E3779B9, 0xBB67AE85]
inv = np.array([2.3283064e-10], dtype=np.float32); inv2pi = np.array([2.3283064e-10 * 6.2831855], dtype=np.float32)
def u32(x): return x.view(np.uint32).reshape(-1, 2).transpose(1, 0)
def rnd(c, k):
    v1 = u32(c[0].astype(np.uint64) * M[0]); v2 = u32(c[2].astype(np.uint64) * M[1])
    c[0] = v2[1] ^ c[1] ^ k[0]; c[1] = v2[0]; c[2] = v1[1] ^ c[3] ^ k[1]; c[3] = v1[0]
def randn(seed, offset, n):
    c = np.zeros((4, n), dtype=np.uint32); c[0] = offset; c[2] = np.arange(n, dtype=np.uint32)
    k = np.empty(n, dtype=np.uint64); k.fill(seed); k = u32(k)
    for _ in range(9):
        rnd(c, k); k[0] = k[0] + W[0]; k[1] = k[1] + W[1]
    rnd(c, k)
    u = c[0] * inv + inv / 2; v = c[1] * inv2pi + inv2pi / 2
    return (np.sqrt(-2.0 * np.log(u)) * np.sin(v)).astype(np.float32)
for seed in (0, 1, 2**32 - 1):
    for off in (0, 1):
        print(seed, off, [repr(float(x)) + 'f' for x in randn(seed, off, 6)])
