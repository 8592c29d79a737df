#!/usr/bin/env python3
"""Integrate the section-4 projection-head particle system with SciPy, side by side with ./harness projection.

The right-hand side is written here from the model definition in docs/section-4-projection.md (not translated from
the harness): pairs are every (clean sample, its label) and every (shared sample, each label); per pair (s, y) with
r1 = W s - y and r2 = W y - s,
  with stop-gradient (loss 1/2|W s - sg(y)|^2 + 1/2|W y - sg(s)|^2): ds/dt += -W^T r1, dy/dt += -W^T r2,
  without:                                                         ds/dt += -W^T r1 + r2, dy/dt += -W^T r2 + r1,
  both:                                                            dW/dt += -r1 s^T - r2 y^T.

Input: a state written by ./harness projection ... --initial-state-out FILE (keys x [K][n][d], z [m][d], y [K][d],
W [d][d]). Output: per method the wall time of solve_ivp, the right-hand-side evaluations (counted in the function, so
finite-difference Jacobian columns are included), SciPy's own counters, and the end-state W. With --compare FILE (a
state written by ./harness projection ... --state-out FILE) the max |W - W_harness| of each method; with --reference
the max |W - W_ref| against Radau at rtol 1e-11.

  ./harness projection -K 3 -n 40 -m 10 --dim 3 --stop-gradient --t-end 400 --initial-state-out s.json
  python3 bench/scipy/projection_sg.py s.json --t-end 400
"""
import argparse
import json
import sys
import time

import numpy as np
from scipy.integrate import solve_ivp


class Flow:
    def __init__(self, state, stop_gradient):
        self.x0 = np.asarray(state["x"], dtype=float)  # [K][n][d]
        self.z0 = np.asarray(state["z"], dtype=float)  # [m][d]
        self.y0 = np.asarray(state["y"], dtype=float)  # [K][d]
        self.w0 = np.asarray(state["W"], dtype=float)  # [d][d]
        self.k, self.n, self.d = self.x0.shape
        self.m = self.z0.shape[0]
        if self.z0.ndim != 2 or self.z0.shape[1] != self.d or self.y0.shape != (self.k, self.d) \
                or self.w0.shape != (self.d, self.d):
            raise ValueError("state shapes do not match: x %s, z %s, y %s, W %s"
                             % (self.x0.shape, self.z0.shape, self.y0.shape, self.w0.shape))
        self.sg = stop_gradient
        self.calls = 0

    def pack(self, x, z, y, w):
        return np.concatenate([x.ravel(), z.ravel(), y.ravel(), w.ravel()])

    def unpack(self, u):
        k, n, m, d = self.k, self.n, self.m, self.d
        a = k * n * d
        b = a + m * d
        c = b + k * d
        return u[:a].reshape(k, n, d), u[a:b].reshape(m, d), u[b:c].reshape(k, d), u[c:].reshape(d, d)

    def initial(self):
        return self.pack(self.x0, self.z0, self.y0, self.w0)

    def rhs(self, t, u):
        self.calls += 1
        x, z, y, w = self.unpack(u)
        # row vectors: W s is s @ W.T, W^T r is r @ W
        # clean pairs (x[c, i], y[c])
        r1 = x @ w.T - y[:, None, :]
        r2 = (y @ w.T)[:, None, :] - x
        dx = -r1 @ w
        dy = -(r2 @ w).sum(axis=1)
        dw = -np.einsum("kia,kib->ab", r1, x) - np.einsum("kia,kb->ab", r2, y)
        # shared pairs (z[j], y[c]) for every c
        q1 = (z @ w.T)[None, :, :] - y[:, None, :]
        q2 = (y @ w.T)[:, None, :] - z[None, :, :]
        dz = -(q1 @ w).sum(axis=0)
        dy -= (q2 @ w).sum(axis=1)
        dw -= np.einsum("kja,jb->ab", q1, z) + np.einsum("kja,kb->ab", q2, y)
        if not self.sg:
            dx += r2
            dy += r1.sum(axis=1)
            dz += q2.sum(axis=0)
            dy += q1.sum(axis=1)
        return self.pack(dx, dz, dy, dw)


def run(flow, method, t_end, rtol, atol):
    flow.calls = 0
    t0 = time.perf_counter()
    sol = solve_ivp(flow.rhs, (0.0, t_end), flow.initial(), method=method, rtol=rtol, atol=atol)
    wall = time.perf_counter() - t0
    w = flow.unpack(sol.y[:, -1])[3]
    return {"method": method, "rtol": rtol, "atol": atol, "success": bool(sol.success), "message": sol.message,
            "wallSeconds": wall, "rhsEvaluations": flow.calls, "scipyNfev": int(sol.nfev),
            "scipyNjev": int(sol.njev), "scipyNlu": int(sol.nlu), "steps": int(len(sol.t) - 1),
            "W": w.tolist()}


def main(argv):
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("state", help="state JSON written by ./harness projection ... --initial-state-out")
    p.add_argument("--t-end", type=float, default=400.0)
    p.add_argument("--rtol", type=float, default=1e-6)
    p.add_argument("--atol", type=float, default=None, help="absolute tolerance (default rtol * 1e-2, as ./harness projection with Rodas4)")
    p.add_argument("--methods", default="LSODA,BDF", help="comma-separated solve_ivp methods (default LSODA,BDF)")
    p.add_argument("--no-stop-gradient", action="store_true", help="plain gradient flow instead of stop-gradient")
    p.add_argument("--compare", metavar="FILE", help="end state written by ./harness projection ... --state-out")
    p.add_argument("--reference", action="store_true", help="also integrate with Radau at rtol 1e-11, atol 1e-14")
    p.add_argument("--json", action="store_true", help="print JSON instead of text")
    a = p.parse_args(argv)
    try:
        with open(a.state) as f:
            flow = Flow(json.load(f), not a.no_stop_gradient)
        harness_w = None
        if a.compare:
            with open(a.compare) as f:
                harness_w = np.asarray(json.load(f)["W"], dtype=float)
    except (OSError, ValueError, KeyError) as e:
        print("projection_sg.py: %s" % e, file=sys.stderr)
        return 2
    atol = a.rtol * 1e-2 if a.atol is None else a.atol
    runs = [run(flow, m.strip(), a.t_end, a.rtol, atol) for m in a.methods.split(",") if m.strip()]
    ref = run(flow, "Radau", a.t_end, 1e-11, 1e-14) if a.reference else None
    for r in runs:
        w = np.asarray(r["W"])
        if harness_w is not None:
            r["maxAbsDiffWVsHarness"] = float(np.max(np.abs(w - harness_w)))
        if ref is not None:
            r["maxAbsDiffWVsReference"] = float(np.max(np.abs(w - np.asarray(ref["W"]))))
    out = {"K": flow.k, "n": flow.n, "m": flow.m, "d": flow.d, "stopGradient": flow.sg, "tEnd": a.t_end,
           "runs": runs}
    if ref is not None:
        out["reference"] = ref
        if harness_w is not None:
            out["reference"]["maxAbsDiffWVsHarness"] = float(np.max(np.abs(np.asarray(ref["W"]) - harness_w)))
    if a.json:
        print(json.dumps(out, indent=2))
        return 0
    print("K=%d n=%d m=%d d=%d stop-gradient=%s T=%g" % (flow.k, flow.n, flow.m, flow.d, flow.sg, a.t_end))
    for r in runs + ([ref] if ref else []):
        extra = "".join("  %s=%.2e" % (k, r[k]) for k in ("maxAbsDiffWVsHarness", "maxAbsDiffWVsReference") if k in r)
        print("%-6s rtol=%.0e ok=%s wall=%.3fs rhs=%d (scipy nfev=%d njev=%d nlu=%d) steps=%d%s"
              % (r["method"], r["rtol"], r["success"], r["wallSeconds"], r["rhsEvaluations"], r["scipyNfev"],
                 r["scipyNjev"], r["scipyNlu"], r["steps"], extra))
        print("       W_end = %s" % np.array2string(np.asarray(r["W"]), precision=10, max_line_width=200))
    return 0 if all(r["success"] for r in runs) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
