"""Read a state JSON and a trajectory CSV written by ./harness and plot MinL2(t) on a log axis.

Usage: python3 read_outputs.py STATE.json TRAJECTORY.csv OUT.png
"""
import json
import sys

import matplotlib
matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

state_file, csv_file, png = sys.argv[1:4]
with open(state_file) as f:
    state = json.load(f)
x, z, y = (np.array(state[k], dtype=float) for k in ("x", "z", "y"))  # [K][n][d], [m][d], [K][d]
with open(csv_file) as f:
    columns = f.readline().strip().split(",")  # t, then the command's metrics
rows = np.loadtxt(csv_file, delimiter=",", skiprows=1, ndmin=2)
t, min_l2 = rows[:, 0], rows[:, columns.index("minL2")]
print(f"state at t = {state['t']}: x {x.shape}, z {z.shape}, y {y.shape}; trajectory {rows.shape}")
plt.semilogy(t, min_l2)
plt.xlabel("t")
plt.ylabel("MinL2")
plt.savefig(png, dpi=100)
