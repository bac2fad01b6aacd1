"""A correct Day 47 written the plain way: Python floats, ``math`` and loops.

The fairness tests grade it and require full points: the graders must not depend on NumPy.
"""

import math


def product_underflow_length(p):
    p = float(p)
    value, steps = 1.0, 0
    while True:
        value *= p
        steps += 1
        if value == 0.0:
            return steps


def logsumexp(a):
    a = [float(v) for v in a]
    top = max(a)
    if top == -math.inf:
        return -math.inf
    total = 0.0
    for v in a:
        total += math.exp(v - top)
    return top + math.log(total)


def bernoulli_mle(x):
    ones = 0
    n = 0
    for v in x:
        n += 1
        if v == 1:
            ones += 1
    return ones / n


def gaussian_mle(x):
    values = [float(v) for v in x]
    n = len(values)
    mean = 0.0
    for v in values:
        mean += v
    mean /= n
    spread = 0.0
    for v in values:
        spread += (v - mean) ** 2
    return mean, spread / n


def poisson_mle(x):
    total = 0
    n = 0
    for v in x:
        total += int(v)
        n += 1
    return total / n


def exponential_mle(x):
    total = 0.0
    n = 0
    for v in x:
        total += float(v)
        n += 1
    return n / total


def gaussian_log_likelihood(x, mu, sigma):
    mu, sigma = float(mu), float(sigma)
    # log(sigma), not log(sigma * sigma): sigma^2 overflows or underflows at 1e200 and 1e-200.
    constant = 0.5 * math.log(2 * math.pi) + math.log(sigma)
    total = 0.0
    for v in x:
        z = (float(v) - mu) / sigma
        total += -constant - 0.5 * z * z
    return total


def censored_exponential_mle(times, observed):
    events, total_time = 0, 0.0
    for t, seen in zip(times, observed, strict=True):
        total_time += float(t)
        if seen:
            events += 1
    return events / total_time


def gaussian_mixture_log_likelihood(x, weights, mus, sigmas):
    components = [(math.log(float(w)), float(m), float(s))
                  for w, m, s in zip(weights, mus, sigmas, strict=True) if w > 0]
    total = 0.0
    for v in x:
        terms = [log_w - 0.5 * math.log(2 * math.pi) - math.log(s) - 0.5 * ((float(v) - m) / s) ** 2
                 for log_w, m, s in components]
        top = max(terms)
        total += top + math.log(sum(math.exp(term - top) for term in terms))
    return total
