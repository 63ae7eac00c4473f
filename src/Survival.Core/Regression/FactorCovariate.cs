namespace Survival.Core.Regression;

/// <summary>
/// A factor: treatment contrasts against its first level (R's sort order), one indicator column per other level,
/// named term + level as R names them.
/// </summary>
/// <param name="Name">The term's name.</param>
/// <param name="Factor">The coded labels; at least two levels.</param>
public sealed record FactorCovariate(string Name, Factor Factor) : CoxCovariate(Name)
{
    /// <inheritdoc />
    public override int Count => Factor.Codes.Length;

    internal override CoxCovariate Select(int[] rows) => this with { Factor = Factor.Select(rows) };
}
