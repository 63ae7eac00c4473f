using System.Collections.Immutable;

namespace Survival.Core.Regression;

/// <summary>A numeric covariate: one column of the design matrix, its coefficient the log hazard ratio per unit.</summary>
/// <param name="Name">The term's name.</param>
/// <param name="Values">One finite value per subject.</param>
public sealed record NumericCovariate(string Name, ImmutableArray<double> Values) : CoxCovariate(Name)
{
    /// <inheritdoc />
    public override int Count => Values.Length;

    internal override CoxCovariate Select(int[] rows) => this with { Values = [.. rows.Select(i => Values[i])] };
}
