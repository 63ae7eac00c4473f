using Survival.Core.Inference;

namespace Survival.Core.GroupTests;

/// <summary>One pair of groups compared on their own subjects.</summary>
/// <param name="First">The first group of the pair (the control group when comparing against a control).</param>
/// <param name="Second">The second group of the pair.</param>
/// <param name="Weight">The weight of the test.</param>
/// <param name="FlemingHarringtonP">p of a Fleming–Harrington weight; null for the other weights.</param>
/// <param name="FlemingHarringtonQ">q of a Fleming–Harrington weight; null for the other weights.</param>
/// <param name="Test">The two-group test, on 1 degree of freedom.</param>
/// <param name="AdjustedPValue">The p-value adjusted over the pairs tested with the same weight; null where the test is not estimable.</param>
public sealed record PairwiseComparison(
    string First,
    string Second,
    TestWeight Weight,
    double? FlemingHarringtonP,
    double? FlemingHarringtonQ,
    ChiSquareTest Test,
    double? AdjustedPValue);
