namespace Survival.Core.Regression;

/// <summary>One term of a Cox regression: a numeric covariate or a factor, one value per subject.</summary>
/// <param name="Name">The term's name, as in the model formula.</param>
public abstract record CoxCovariate(string Name)
{
    /// <summary>The number of subjects the term has values for.</summary>
    public abstract int Count { get; }

    /// <summary>The term's values at <paramref name="rows"/>, in that order (a row may repeat): for data expanded into more rows.</summary>
    internal abstract CoxCovariate Select(int[] rows);
}
