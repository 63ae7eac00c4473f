namespace Survival.Core.Cox;

/// <summary>One time of an adjusted survival curve.</summary>
/// <param name="Time">A distinct follow-up time of the stratum.</param>
/// <param name="Survival">Ŝ(t | x₀) = exp(−Ĥ(t | x₀)).</param>
/// <param name="StdError">se(Ĥ(t | x₀)), R's <c>std.err</c>.</param>
/// <param name="Lower">exp(−Ĥ − z·se).</param>
/// <param name="Upper">min(1, exp(−Ĥ + z·se)).</param>
/// <param name="AtRisk">Rows at risk at t.</param>
/// <param name="Events">Events at t.</param>
public sealed record AdjustedSurvivalPoint(double Time, double Survival, double StdError, double Lower, double Upper, int AtRisk, int Events)
{
    /// <summary>With case weights, Σ w of the rows at risk at t (R's <c>n.risk</c> of a weighted fit); null without weights.</summary>
    public double? WeightedAtRisk { get; init; }

    /// <summary>With case weights, Σ w of the events at t (R's <c>n.event</c> of a weighted fit); null without weights.</summary>
    public double? WeightedEvents { get; init; }

    /// <summary>For a Fine–Gray model, the predicted cumulative incidence of the cause, 1 − Ŝ, with its interval; null otherwise.</summary>
    public PredictedIncidence? CumulativeIncidence { get; init; }
}

/// <summary>A Fine–Gray model's predicted cumulative incidence at one time: 1 − Ŝ(t | x₀), and 1 − the bounds of Ŝ's interval.</summary>
/// <param name="Value">F̂(t | x₀) = 1 − exp(−Ĥ(t | x₀)).</param>
/// <param name="Lower">1 − min(1, exp(−Ĥ + z·se)).</param>
/// <param name="Upper">1 − exp(−Ĥ − z·se).</param>
public sealed record PredictedIncidence(double Value, double Lower, double Upper);
