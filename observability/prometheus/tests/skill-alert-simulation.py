#!/usr/bin/env python3
"""How often TickcastModelSkillNegative fires on a good model and how soon on a bad one (numpy; not run by CI).

evaluate scores one prediction per pair per minute, each against the close 5 minutes later, so consecutive
errors overlap: a row's contribution to skill, d = (|persistence error| - |model error|) / persistence MAE, is
simulated as the 5-minute moving average of heavy-tailed (Student t, 3 dof) noise around the true skill,
scaled to a long-run standard deviation SIGMA. SIGMA is measured on the real Bitstamp week (docs/model.md,
holdout of 1,872 rows): the standard error of skill there is skill / DM (DM uses Newey-West, 4 lags), so
SIGMA = skill / DM * sqrt(1872): linear on all features (the champion) 0.0139 / 1.80 * 43.3 = 0.33, the
noisiest candidate (XGBoost reg:absoluteerror, market-v2) 0.0060 / 0.50 * 43.3 = 0.52.

The rolling skill is the mean of d over the last min(t, N) evaluations of the model (evaluate publishes it
from the model's first evaluation on, so a new model starts with a short, noisy window); the alert fires once
it has been below THETA for longer than FOR minutes. Usage: skill-alert-simulation.py [SIGMA ...]
"""
import sys

import numpy as np

RUNS = 400
rng = np.random.default_rng(13)


def first_fire(window, theta, for_minutes, skill, sigma, minutes):
    """Per run: the minute the alert first fires (counted from the model's first evaluation), or -1."""
    z = rng.standard_t(3, size=(RUNS, minutes + 4)) / np.sqrt(3.0)  # unit variance
    d = skill + sigma * sum(z[:, k:k + minutes] for k in range(5)) / 5.0  # long-run sd of the average: 1
    c = np.concatenate([np.zeros((RUNS, 1)), np.cumsum(d, axis=1)], axis=1)
    t = np.arange(1, minutes + 1)
    rolling = (c[:, t] - c[:, np.maximum(t - window, 0)]) / np.minimum(t, window)
    below, first = np.zeros(RUNS, dtype=int), np.full(RUNS, -1)
    for j in range(minutes):
        below = np.where(rolling[:, j] < theta, below + 1, 0)
        first[(below > for_minutes) & (first < 0)] = j + 1
    return first


for sigma in [float(a) for a in sys.argv[1:]] or [0.33, 0.52]:
    print(f"SIGMA {sigma}")
    for window, theta, for_minutes in [(60, 0.0, 60), (360, 0.0, 60), (1440, -0.02, 60), (1440, -0.03, 120),
                                       (1440, -0.03, 180), (1440, -0.03, 240), (1440, -0.04, 120)]:
        good = first_fire(window, theta, for_minutes, 0.01, sigma, 7 * 1440)
        bad = first_fire(window, theta, for_minutes, -0.05, sigma, 1440)
        hours = bad[bad > 0] / 60.0
        print(f"  window {window:4d}, skill < {theta:+.2f} for {for_minutes:3d}m | true +1 %: fires within a week"
              f" {np.mean(good > 0):6.1%} | true -5 %: fires within a day {np.mean(bad > 0):6.1%}, after median"
              f" {np.median(hours):4.1f} h, 95th percentile {np.percentile(hours, 95):4.1f} h")
