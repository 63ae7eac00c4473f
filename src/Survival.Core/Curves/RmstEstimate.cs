namespace Survival.Core.Curves;

/// <summary>The restricted mean survival time up to τ with its standard error and normal-theory interval.</summary>
/// <param name="Tau">The truncation time τ.</param>
/// <param name="Estimate">∫₀^τ S(t) dt.</param>
/// <param name="StdError">Its standard error.</param>
/// <param name="Lower">Estimate − z·StdError.</param>
/// <param name="Upper">Estimate + z·StdError.</param>
public sealed record RmstEstimate(double Tau, double Estimate, double StdError, double Lower, double Upper);
