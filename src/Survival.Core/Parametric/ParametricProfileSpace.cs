using System.Collections.Immutable;
using Survival.Core.Cox;
using Survival.Core.Regression;

namespace Survival.Core.Parametric;

/// <summary>
/// What a model's predictions read of the data it was fitted to: each term's kind, a numeric term's mean and a factor's
/// levels (for the default profiles and to check a profile), the design's columns, the strata, and the last follow-up
/// time (the default horizon of the curve). A fit from rows and a fit from sums (whose summary gives the same means,
/// levels and strata) predict from it alike.
/// </summary>
/// <remarks>
/// The default profiles are each level of the first factor term with the numeric terms at their means and the other
/// factors at their reference level, or one profile at the means (<see cref="ParametricPredictor"/>).
/// </remarks>
public sealed record ParametricProfileSpace
{
    /// <summary>The model's terms in order.</summary>
    public required ImmutableArray<ProfileTerm> Terms { get; init; }

    /// <summary>The design's columns after the intercept, in the order of β.</summary>
    public required ImmutableArray<CoxSumsColumn> Columns { get; init; }

    /// <summary>Whether each stratum has its own ancillary parameters.</summary>
    public required bool Stratified { get; init; }

    /// <summary>The strata's labels in the order of the ancillary parameters (one, empty, without strata).</summary>
    public required ImmutableArray<string> StrataLabels { get; init; }

    /// <summary>
    /// The largest time observed, the curve's default horizon: the rows' in memory, the data side's summary's for a fit
    /// from sums; null when not known (no curve then unless a horizon is given).
    /// </summary>
    public double? LastTime { get; init; }

    /// <summary>The space of data held in memory.</summary>
    internal static ParametricProfileSpace Of(ParametricData data) => new()
    {
        Terms = [.. data.Terms.Select(term => term switch
        {
            NumericCovariate numeric => ProfileTerm.Numeric(numeric.Name, Mean(numeric.Values.AsSpan())),
            FactorCovariate factor => ProfileTerm.OfFactor(factor.Name, factor.Factor.Levels),
            _ => throw new ArgumentOutOfRangeException(nameof(data), $"a term of kind {term.GetType().Name} has no profile"),
        })],
        Columns = [.. data.Design.Columns.Select(c => new CoxSumsColumn(c.TermName, c.Level, c.ReferenceLevel))],
        Stratified = data.Stratified,
        StrataLabels = data.StrataLabels,
        LastTime = data.LastTime,
    };

    private static double Mean(ReadOnlySpan<double> values)
    {
        var sum = 0.0;
        foreach (var v in values) sum += v;
        return sum / values.Length;
    }
}

/// <summary>A model term as the predictions see it.</summary>
/// <param name="Name">The term's name.</param>
/// <param name="Mean">A numeric term's mean over the rows (0 for a factor).</param>
/// <param name="Levels">A factor's levels in R's order, the reference first; empty for a numeric term.</param>
public sealed record ProfileTerm(string Name, double Mean, ImmutableArray<string> Levels)
{
    /// <summary>Whether the term is a factor.</summary>
    public bool IsFactor => !Levels.IsDefaultOrEmpty;

    /// <summary>A numeric term with its mean.</summary>
    public static ProfileTerm Numeric(string name, double mean) => new(name, mean, []);

    /// <summary>A factor with its levels, the reference first.</summary>
    public static ProfileTerm OfFactor(string name, ImmutableArray<string> levels) => new(name, 0, levels);
}
