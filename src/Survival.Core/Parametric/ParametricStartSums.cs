namespace Survival.Core.Parametric;

/// <summary>
/// The sums from which survreg's starting values follow (<see cref="ParametricStart"/>), asked once before the steps:
/// with y = log t, w the case weight and x the design row (intercept first, centred), per kind of row (events, censored)
/// the upper triangle of Σ w x x' row by row and Σ w x y, and Σ w y² over every row.
/// </summary>
/// <remarks>
/// At survreg's "perfect model" η = y every z is 0, so each kind's working weight −g_ηη and derivative g_η are one
/// number each at a given σ, and its normal equations X'WX β = X'(W y + w g_η) are those numbers times these sums
/// (Σ w x is the intercept's row of Σ w x x'). The moments of y are Σ w, Σ w y (the intercept's entries) and Σ w y².
/// Stratified, the gram and cross sums hold one block per stratum: the full model's step weights each stratum's rows at
/// its own σ, so the data side sums them apart; the moments add the blocks.
/// </remarks>
public sealed record ParametricStartSums
{
    /// <summary>Design columns p, the intercept included.</summary>
    public required int Columns { get; init; }

    /// <summary>Blocks of gram and cross sums, one per stratum (1 when not stratified).</summary>
    public int Strata { get; init; } = 1;

    /// <summary>Rows summed.</summary>
    public required long Rows { get; init; }

    /// <summary>Rows with an event.</summary>
    public required long Events { get; init; }

    /// <summary>Rows with an event: the upper triangle of Σ w x x' (p(p+1)/2), per stratum.</summary>
    public required double[] EventGram { get; init; }

    /// <summary>Rows with an event: Σ w x y (p), per stratum.</summary>
    public required double[] EventCross { get; init; }

    /// <summary>Censored rows: the upper triangle of Σ w x x', per stratum.</summary>
    public required double[] CensoredGram { get; init; }

    /// <summary>Censored rows: Σ w x y, per stratum.</summary>
    public required double[] CensoredCross { get; init; }

    /// <summary>Σ w y² over every row.</summary>
    public required double SquaredLogTimes { get; init; }
}
