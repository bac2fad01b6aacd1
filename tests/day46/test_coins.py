"""Day 46, visible graded tests: the docstring examples and the street coin.

Each test belongs to one function and is worth the points in its ``graded`` mark. The hidden
suite checks the conventions at the edges (theta = 0 or 1, all heads, all tails, large n, long
sequences, ties). Expected numbers are written out, with a comment saying how they arise. A
test whose answer a constant (0, 1) or an echoed input (theta, the first grid value) would
match also checks a second call whose answer no constant gives.
"""

import math

import pytest

from tests.day46.coin_checks import (
    ABSOLUTE_THRESHOLD_HINT,
    ARGMIN_HINT,
    CDF_HINT,
    COEFFICIENT_EXTRA_HINT,
    COEFFICIENT_MISSING_HINT,
    CONSTANT_HINT,
    DIFFERENCE_HINT,
    INDEX_HINT,
    INTERVAL_END_HINT,
    INTERVAL_LOG10_HINT,
    INVERTED_HINT,
    K_OVER_N_HINT,
    LOG_DROP_HINT,
    LOG_HINT,
    LOG_RATIO_HINT,
    MAX_VALUE_HINT,
    MEAN_HINT,
    NAN_HINT,
    NORMALISED_HINT,
    ONLY_HEADS_HINT,
    PERMUTATIONS_HINT,
    SUM_HINT,
    SWAP_HINT,
    TIE_HINT,
    WALD_HINT,
    call_graded,
    expect_array_close,
    expect_close,
    expect_interval,
)

EIGHT_HEADS = [1, 1, 1, 1, 1, 1, 1, 1]  # the coin found in the street
MIXED = [1, 0, 1, 1]  # three heads, one tail
GRID5 = [0.0, 0.25, 0.5, 0.75, 1.0]
GRID11 = [0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0]


# ------------------------------------------------------------------------------- bernoulli_pmf
@pytest.mark.graded("day46.bernoulli_pmf", points=1)
def test_bernoulli_pmf_of_heads(coins):
    expect_close(
        call_graded(coins.bernoulli_pmf, 1, 0.3, call="bernoulli_pmf(1, 0.3)"), 0.3,
        call="bernoulli_pmf(1, 0.3)",
        mistakes=[(0.7, SWAP_HINT), (math.log(0.3), LOG_HINT)],
    )
    # theta itself is also what `return theta` gives: a tail of the same coin must give 0.7.
    expect_close(
        call_graded(coins.bernoulli_pmf, 0, 0.3, call="bernoulli_pmf(0, 0.3)"), 0.7,
        call="bernoulli_pmf(0, 0.3)", mistakes=[(0.3, CONSTANT_HINT), (0.0, SWAP_HINT)],
    )


@pytest.mark.graded("day46.bernoulli_pmf", points=1)
def test_bernoulli_pmf_of_tails(coins):
    expect_close(
        call_graded(coins.bernoulli_pmf, 0, 0.25, call="bernoulli_pmf(0, 0.25)"), 0.75,
        call="bernoulli_pmf(0, 0.25)",
        mistakes=[(0.25, CONSTANT_HINT), (math.log(0.75), LOG_HINT)],
    )


# -------------------------------------------------------------------------------- binomial_pmf
@pytest.mark.graded("day46.binomial_pmf", points=2)
def test_binomial_pmf_two_heads_in_five(coins):
    call = "binomial_pmf(2, 5, 0.3)"
    # C(5, 2) * 0.3^2 * 0.7^3 = 10 * 0.09 * 0.343
    expect_close(
        call_graded(coins.binomial_pmf, 2, 5, 0.3, call=call), 0.3087, call=call,
        mistakes=[
            (0.03087, COEFFICIENT_MISSING_HINT),  # 0.09 * 0.343
            (0.1323, SWAP_HINT),  # 10 * 0.3^3 * 0.7^2
            (0.6174, PERMUTATIONS_HINT),  # 5! / 3! = 20 orders counted as different
            (1.8522, PERMUTATIONS_HINT),  # 5! / 2! = 60
            (0.83692, CDF_HINT),  # 0.16807 + 0.36015 + 0.3087
            (math.log(0.3087), LOG_HINT),
        ],
    )


@pytest.mark.graded("day46.binomial_pmf", points=1)
def test_binomial_pmf_docstring_example(coins):
    call = "binomial_pmf(2, 4, 0.5)"
    # C(4, 2) = 6 orders, each of probability 0.5^4 = 1/16
    expect_close(
        call_graded(coins.binomial_pmf, 2, 4, 0.5, call=call), 0.375, call=call,
        mistakes=[(0.0625, COEFFICIENT_MISSING_HINT), (0.75, PERMUTATIONS_HINT),
                  (0.6875, CDF_HINT)],  # 4!/2! = 12 orders; 1/16 + 4/16 + 6/16
    )


# ------------------------------------------------------------------------ sequence_probability
@pytest.mark.graded("day46.sequence_probability", points=2)
def test_sequence_probability_of_a_mixed_sequence(coins):
    call = "sequence_probability([1, 0, 1, 1], 0.6)"
    # 0.6 * 0.4 * 0.6 * 0.6 = 0.6^3 * 0.4
    expect_close(
        call_graded(coins.sequence_probability, MIXED, 0.6, call=call), 0.0864, call=call,

        mistakes=[
            (0.3456, COEFFICIENT_EXTRA_HINT),  # C(4, 3) = 4 times too large
            (0.0384, SWAP_HINT),  # 0.4^3 * 0.6
            (0.216, ONLY_HEADS_HINT),  # 0.6^3
            (0.1296, CONSTANT_HINT),  # 0.6^4
            (2.2, SUM_HINT),  # 0.6 + 0.4 + 0.6 + 0.6
            (0.55, MEAN_HINT),  # 2.2 / 4
            (math.log(0.0864), LOG_HINT),
        ],
    )


@pytest.mark.graded("day46.sequence_probability", points=1)
def test_sequence_probability_of_eight_heads(coins):
    call = "sequence_probability([1, 1, 1, 1, 1, 1, 1, 1], 0.5)"
    # 0.5^8 = 1/256 = 0.39 %: the street coin under the fair-coin hypothesis
    expect_close(
        call_graded(coins.sequence_probability, EIGHT_HEADS, 0.5, call=call), 0.00390625,
        call=call,  mistakes=[(math.log(0.00390625), LOG_HINT), (math.nan, NAN_HINT)],
    )


@pytest.mark.graded("day46.sequence_probability", points=1)
def test_sequence_probability_of_eight_heads_under_a_biased_coin(coins):
    call = "sequence_probability([1, 1, 1, 1, 1, 1, 1, 1], 0.9)"
    # 0.9^8 = 0.43046721
    expect_close(
        call_graded(coins.sequence_probability, EIGHT_HEADS, 0.9, call=call), 0.43046721,
        call=call,
        mistakes=[(1e-8, SWAP_HINT), (math.nan, NAN_HINT)],  # 0.1^8
    )


# ----------------------------------------------------------------------------- likelihood_grid
@pytest.mark.graded("day46.likelihood_grid", points=2)
def test_likelihood_grid_docstring_example(coins):
    call = f"likelihood_grid([1, 1, 0], {GRID5})"
    # theta^2 (1 - theta) at 0, 1/4, 1/2, 3/4, 1: 0, 3/64, 1/8, 9/64, 0 (they sum to 0.3125)
    expect_array_close(
        call_graded(coins.likelihood_grid, [1, 1, 0], GRID5, call=call),
        [0.0, 0.046875, 0.125, 0.140625, 0.0], call=call,
        mistakes=[
            ([0.0, 0.15, 0.4, 0.45, 0.0], NORMALISED_HINT),  # divided by the sum 0.3125
            ([0.0, 1 / 3, 8 / 9, 1.0, 0.0], NORMALISED_HINT),  # divided by the peak 9/64
            ([0.0, 0.6, 1.6, 1.8, 0.0], NORMALISED_HINT),  # divided by 0.25 * 0.3125
            ([0.0, 0.140625, 0.375, 0.421875, 0.0], COEFFICIENT_EXTRA_HINT),  # times C(3, 2)
            ([0.0, 0.140625, 0.125, 0.046875, 0.0], SWAP_HINT),
            ([-math.inf, math.log(0.046875), math.log(0.125), math.log(0.140625), -math.inf],
             LOG_HINT),
        ],
    )


@pytest.mark.graded("day46.likelihood_grid", points=1)
def test_likelihood_grid_of_one_theta_is_an_array(coins):
    call = "likelihood_grid([1, 0, 0], [0.5])"
    # 0.5^3, returned as an array of shape (1,)
    expect_array_close(call_graded(coins.likelihood_grid, [1, 0, 0], [0.5], call=call),
                       [0.125], call=call)


# ------------------------------------------------------------------------------------ grid_mle
@pytest.mark.graded("day46.grid_mle", points=2)
def test_grid_mle_docstring_example(coins):
    call = f"grid_mle([1, 1, 0], {GRID5})"
    # L = 0, 3/64, 1/8, 9/64, 0: the largest is at theta = 0.75 (index 3)
    expect_close(
        call_graded(coins.grid_mle, [1, 1, 0], GRID5, call=call), 0.75, call=call,
        mistakes=[(3.0, INDEX_HINT), (0.140625, MAX_VALUE_HINT), (2 / 3, K_OVER_N_HINT),
                  (0.0, ARGMIN_HINT), (0.25, SWAP_HINT)],
    )


@pytest.mark.graded("day46.grid_mle", points=1)
def test_grid_mle_of_the_street_coin(coins):
    call = f"grid_mle([1, 1, 1, 1, 1, 1, 1, 1], {GRID11})"
    # L = theta^8 grows all the way to theta = 1 (index 10)
    expect_close(
        call_graded(coins.grid_mle, EIGHT_HEADS, GRID11, call=call), 1.0, call=call,
        mistakes=[(10.0, INDEX_HINT), (0.0, ARGMIN_HINT)],
    )
    # 1.0 is also the last grid value: with a tail as well, theta^8 (1 - theta) peaks at 0.9.
    call = f"grid_mle([1, 1, 1, 1, 1, 1, 1, 1, 0], {GRID11})"
    expect_close(
        call_graded(coins.grid_mle, [*EIGHT_HEADS, 0], GRID11, call=call), 0.9, call=call,
        mistakes=[(9.0, INDEX_HINT), (1.0, SWAP_HINT)],
    )


@pytest.mark.graded("day46.grid_mle", points=1)
def test_grid_mle_tie_goes_to_the_first(coins):
    call = "grid_mle([1, 0], [0.25, 0.75])"
    # 0.25 * 0.75 = 0.75 * 0.25 = 0.1875: a tie, and the first value wins
    expect_close(call_graded(coins.grid_mle, [1, 0], [0.25, 0.75], call=call), 0.25,
                 call=call, mistakes=[(0.75, TIE_HINT), (0.0, INDEX_HINT)])
    # 0.25 is also the first grid value: with one more head, 0.75 wins (0.140625 > 0.046875).
    call = "grid_mle([1, 0, 1], [0.25, 0.75])"
    expect_close(call_graded(coins.grid_mle, [1, 0, 1], [0.25, 0.75], call=call), 0.75,
                 call=call, mistakes=[(1.0, INDEX_HINT), (0.25, SWAP_HINT)])


# ---------------------------------------------------------------------------- likelihood_ratio
@pytest.mark.graded("day46.likelihood_ratio", points=2)
def test_likelihood_ratio_of_a_mixed_sequence(coins):
    call = "likelihood_ratio([1, 0, 1, 1], 0.75, 0.5)"
    # (0.75^3 * 0.25) / 0.5^4 = 0.10546875 / 0.0625
    expect_close(
        call_graded(coins.likelihood_ratio, MIXED, 0.75, 0.5, call=call), 1.6875, call=call,
        mistakes=[
            (1 / 1.6875, INVERTED_HINT),
            (math.log(1.6875), LOG_RATIO_HINT),
            (0.04296875, DIFFERENCE_HINT),  # 0.10546875 - 0.0625
            (3.375, ONLY_HEADS_HINT),  # (0.75 / 0.5)^3
            (0.1875, SWAP_HINT),  # (0.25^3 * 0.75) / 0.5^4 = 0.01171875 / 0.0625
        ],
    )


@pytest.mark.graded("day46.likelihood_ratio", points=1)
def test_likelihood_ratio_of_the_street_coin(coins):
    call = "likelihood_ratio([1, 1, 1, 1, 1, 1, 1, 1], 0.9, 0.5)"
    # 0.9^8 / 0.5^8 = 0.43046721 * 256
    expect_close(
        call_graded(coins.likelihood_ratio, EIGHT_HEADS, 0.9, 0.5, call=call), 110.19960576,
        call=call,
        mistakes=[(1 / 110.19960576, INVERTED_HINT), (math.log(110.19960576), LOG_RATIO_HINT),
                  (0.42656096, DIFFERENCE_HINT)],  # 0.43046721 - 0.00390625
    )


@pytest.mark.graded("day46.likelihood_ratio", points=1)
def test_likelihood_ratio_of_a_certain_coin(coins):
    call = "likelihood_ratio([1, 1, 1, 1, 1, 1, 1, 1], 1.0, 0.5)"
    # 1^8 / 0.5^8 = 256: a two-headed coin explains the data 256 times better than a fair one
    expect_close(
        call_graded(coins.likelihood_ratio, EIGHT_HEADS, 1.0, 0.5, call=call), 256.0,
        call=call,
        mistakes=[(1 / 256, INVERTED_HINT), (math.log(256.0), LOG_RATIO_HINT),
                  (0.99609375, DIFFERENCE_HINT), (math.nan, NAN_HINT)],
    )


# ------------------------------------------------------------------------- likelihood_interval
@pytest.mark.graded("day46.likelihood_interval", points=2)
def test_likelihood_interval_of_four_heads(coins):
    call = "likelihood_interval([1, 1, 1, 1], 1 / 16)"
    # L = theta^4 peaks at theta = 1 with L = 1; theta^4 >= 1/16 from theta = 1/2 on.
    expect_interval(
        call_graded(coins.likelihood_interval, [1, 1, 1, 1], 1 / 16, call=call), (0.5, 1.0),
        call=call,
        mistakes=[((math.exp(-1 / 64), 1.0), LOG_DROP_HINT),  # 4 log theta >= -1/16
                  (((1 / 16) ** (1 / (4 * math.log(10))), 1.0), INTERVAL_LOG10_HINT),
                  # zero width: the normal approximation, or a nan at the peak
                  ((1.0, 1.0), INTERVAL_END_HINT)],
        one_sided=True,
    )


@pytest.mark.graded("day46.likelihood_interval", points=2)
def test_likelihood_interval_of_one_head_one_tail(coins):
    call = "likelihood_interval([1, 0], 0.75)"
    # theta (1 - theta) >= 0.75 * 1/4: theta^2 - theta + 3/16 <= 0, roots 1/4 and 3/4.
    half_width = math.sqrt(-2 * math.log(0.75) * 0.25 / 2)  # 0.2681...: the normal approx.
    expect_interval(
        call_graded(coins.likelihood_interval, [1, 0], 0.75, call=call), (0.25, 0.75),
        call=call,
        # theta (1 - theta) >= e^-0.75 / 4: the roots 1/2 ± sqrt(1 - e^-0.75) / 2
        mistakes=[((0.5 - math.sqrt(1 - math.exp(-0.75)) / 2,
                    0.5 + math.sqrt(1 - math.exp(-0.75)) / 2), LOG_DROP_HINT),
                  ((0.5 - half_width, 0.5 + half_width), WALD_HINT)],
    )


@pytest.mark.graded("day46.likelihood_interval", points=2)
def test_likelihood_interval_of_two_heads_one_tail(coins):
    call = "likelihood_interval([1, 1, 0], 0.125)"
    # L = theta^2 (1 - theta) peaks at 2/3 with L = 4/27. The ends solve
    # theta^2 (1 - theta) = 4/27 / 8 = 1/54 (roots of a cubic, to 17 digits):
    expected = (0.14737510055615846, 0.9807472836565554)
    expect_interval(
        call_graded(coins.likelihood_interval, [1, 1, 0], 0.125, call=call), expected,
        call=call,
        # theta^2 (1 - theta) >= 1/8 itself: the roots 0.5 and 0.8090169943749475
        mistakes=[((0.5, 0.8090169943749475), ABSOLUTE_THRESHOLD_HINT),
                  # h/n ± sqrt(2 log 8 (2/3)(1/3) / 3)
                  ((2 / 3 - math.sqrt(2 * math.log(8) * 2 / 27),
                    2 / 3 + math.sqrt(2 * math.log(8) * 2 / 27)), WALD_HINT)],
    )
