namespace Survival.Core.Cox;

/// <summary>One time of an adjusted survival curve.</summary>
/// <param name="Time">A distinct follow-up time of the stratum.</param>
/// <param name="Survival">Ŝ(t | x₀) = exp(−Ĥ(t | x₀)).</param>
/// <param name="StdError">se(Ĥ(t | x₀)), R's <c>std.err</c>.</param>
/// <param name="Lower">exp(−Ĥ − z·se).</param>
/// <param name="Upper">min(1, exp(−Ĥ + z·se)).</param>
/// <param name="AtRisk">Subjects at risk at t.</param>
/// <param name="Events">Events at t.</param>
public sealed record AdjustedSurvivalPoint(double Time, double Survival, double StdError, double Lower, double Upper, int AtRisk, int Events);
