using Survival.Core.Numerics;

using System.Collections.Immutable;

namespace Survival.Core.Design;

/// <summary>
/// A survival curve with a constant hazard λ_k on each piece [s_k, s_{k+1}) (s_0 = 0, the last piece open): the
/// exponential with one piece. The curves of a plan: the control arm's, and the treatment's as its hazards times the
/// hazard ratio.
/// </summary>
/// <remarks>
/// <code>
/// Λ(t) = Σ_k λ_k |[s_k, s_{k+1}) ∩ [0, t)|       S(t) = exp(−Λ(t))       median = Λ⁻¹(log 2)
/// </code>
/// With an independent exponential dropout of hazard φ, the probability that a patient's event is observed within x
/// of entry is P_e(x) = ∫₀ˣ λ(u) e^{−Λ(u) − φu} du: on the piece k that holds x,
/// <code>
/// P_e(x) = P_e(s_k) + λ_k/ρ_k · e^{−Λ(s_k) − φ s_k} (1 − e^{−ρ_k (x − s_k)})          ρ_k = λ_k + φ
/// </code>
/// (rpact's <c>.getEventProbabilityFunction</c>), and its integral over a piece, which averaging over accrual needs, is
/// ∫ P_e = (b − a)(C + D) − D/ρ_k · (e^{−ρ_k(a − s_k)} − e^{−ρ_k(b − s_k)}) with C = P_e(s_k) and D the factor above.
/// </remarks>
public sealed record PiecewiseExponential
{
    /// <summary>The curve with hazards <paramref name="hazards"/> from the piece starts <paramref name="starts"/>.</summary>
    /// <exception cref="InputRuleException">Starts not 0 then increasing, hazards not finite and > 0, or counts differing.</exception>
    public PiecewiseExponential(IReadOnlyList<double> starts, IReadOnlyList<double> hazards)
    {
        if (starts.Count == 0 || starts.Count != hazards.Count || starts[0] != 0
            || Enumerable.Range(1, starts.Count - 1).Any(k => !(starts[k] > starts[k - 1]) || !double.IsFinite(starts[k])))
            throw new InputRuleException("starts", InputRules.PieceStartsRequirement);
        if (!hazards.All(InputRules.IsRate)) throw new InputRuleException("hazards", InputRules.HazardRequirement);
        Starts = [.. starts];
        Hazards = [.. hazards];
    }

    /// <summary>The exponential curve of hazard <paramref name="hazard"/>.</summary>
    public static PiecewiseExponential Exponential(double hazard) => new([0.0], [hazard]);

    /// <summary>The exponential curve of median <paramref name="median"/>: λ = log 2 / median.</summary>
    public static PiecewiseExponential FromMedian(double median)
    {
        if (!InputRules.IsRate(median)) throw new InputRuleException("median", InputRules.MedianRequirement);
        return Exponential(Math.Log(2) / median);
    }

    /// <summary>The exponential curve through S(<paramref name="time"/>) = <paramref name="survival"/>: λ = −log S / t.</summary>
    public static PiecewiseExponential FromSurvivalAt(double time, double survival)
    {
        if (!InputRules.IsRate(time)) throw new InputRuleException("time", InputRules.TauRequirement);
        if (!InputRules.IsProbability(survival)) throw new InputRuleException("survival", InputRules.ProbabilityRequirement);
        return Exponential(-Math.Log(survival) / time);
    }

    /// <summary>s_k: the start of each piece, 0 first.</summary>
    public ImmutableArray<double> Starts { get; }

    /// <summary>λ_k: the hazard on each piece, per time unit.</summary>
    public ImmutableArray<double> Hazards { get; }

    /// <summary>Whether the curve has one piece.</summary>
    public bool IsExponential => Hazards.Length == 1;

    /// <summary>The curve of hazards λ_k · <paramref name="ratio"/>: the other arm under proportional hazards.</summary>
    public PiecewiseExponential Scaled(double ratio) => new(Starts, [.. Hazards.Select(h => h * ratio)]);

    /// <summary>Λ(t).</summary>
    public double CumulativeHazard(double time)
    {
        var total = 0.0;
        for (var k = 0; k < Hazards.Length && time > Starts[k]; k++) total += Hazards[k] * (Math.Min(time, End(k)) - Starts[k]);
        return total;
    }

    /// <summary>S(t) = exp(−Λ(t)).</summary>
    public double Survival(double time) => Math.Exp(-CumulativeHazard(time));

    /// <summary>The median: the time at which Λ reaches log 2.</summary>
    public double Median => Quantile(Math.Log(2));

    /// <summary>P_e(x): the probability that the event is observed within <paramref name="time"/> of entry under dropout hazard <paramref name="dropout"/>.</summary>
    public double EventProbability(double time, double dropout)
    {
        double probability = 0, cumulative = 0;
        for (var k = 0; k < Hazards.Length && time > Starts[k]; k++)
        {
            var width = Math.Min(time, End(k)) - Starts[k];
            probability += Scale(k, cumulative, dropout) * -ExpMinusOne.Of(-(Hazards[k] + dropout) * width);
            cumulative += Hazards[k] * width;
        }
        return probability;
    }

    /// <summary>∫ P_e(x) dx over [<paramref name="from"/>, <paramref name="to"/>], 0 ≤ from ≤ to.</summary>
    public double IntegratedEventProbability(double from, double to, double dropout)
    {
        double integral = 0, atStart = 0, cumulative = 0;
        for (var k = 0; k < Hazards.Length && to > Starts[k]; k++)
        {
            var (start, end) = (Starts[k], End(k));
            var rho = Hazards[k] + dropout;
            var scale = Scale(k, cumulative, dropout);
            var (a, b) = (Math.Max(from, start), Math.Min(to, end));
            if (b > a)
            {
                // ∫_a^b [C + D(1 − e^{−ρ(x − s)})] dx, the exponential difference kept accurate for small ρ(b − a).
                var decay = Math.Exp(-rho * (a - start)) * -ExpMinusOne.Of(-rho * (b - a));
                integral += (b - a) * (atStart + scale) - scale / rho * decay;
            }
            if (double.IsPositiveInfinity(end)) break;
            atStart += scale * -ExpMinusOne.Of(-rho * (end - start));
            cumulative += Hazards[k] * (end - start);
        }
        return integral;
    }

    private double End(int k) => k + 1 < Starts.Length ? Starts[k + 1] : double.PositiveInfinity;

    /// <summary>λ_k/ρ_k · e^{−Λ(s_k) − φ s_k}: the share of piece k's entrants whose event it observes, at most.</summary>
    private double Scale(int k, double cumulative, double dropout) =>
        Hazards[k] / (Hazards[k] + dropout) * Math.Exp(-cumulative - dropout * Starts[k]);

    private double Quantile(double cumulativeHazard)
    {
        var total = 0.0;
        for (var k = 0; k < Hazards.Length; k++)
        {
            var width = End(k) - Starts[k];
            if (total + Hazards[k] * width >= cumulativeHazard) return Starts[k] + (cumulativeHazard - total) / Hazards[k];
            total += Hazards[k] * width;
        }
        return double.PositiveInfinity;
    }
}
