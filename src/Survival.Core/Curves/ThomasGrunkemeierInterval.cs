using MathNet.Numerics.Distributions;
using MathNet.Numerics.RootFinding;
using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>The likelihood-ratio (empirical likelihood) interval for S(t) of Thomas &amp; Grunkemeier (1975).</summary>
/// <remarks>
/// Over the death times t_i ≤ t with n_i at risk and d_i deaths, the survival curves that put S(t) at a given value and
/// maximise the likelihood are S_λ(t) = Π (1 − d_i/(n_i + λ)), and
/// <code>
/// −2 log R(λ) = 2 Σ [ n_i log(1 + λ/n_i) − (n_i − d_i) log(1 + λ/(n_i − d_i)) ]
/// </code>
/// The interval is {S_λ(t) : −2 log R(λ) ≤ χ²₁(level)}: its bounds are S_λ at the two roots of −2 log R(λ) = χ²₁(level),
/// λ₋ ∈ (−min(n_i − d_i), 0) (lower) and λ₊ &gt; 0 (upper). Both are solved to machine precision by Brent's method (km.ci's
/// bisection stops once |−2 log R − χ²| &lt; 1e-7, about 1e-8 in S). Before the first death −2 log R = −2 n log S with n the
/// number at risk just after the row's time, so the interval is [exp(−χ²/(2n)), 1] (km.ci takes n at the first death, the
/// same on the last step before it); where S = 0 it is not estimable, as R's intervals. Murphy (1995) proves its
/// asymptotic coverage; Owen (2001, §6.2) gives it as empirical likelihood.
/// </remarks>
public static class ThomasGrunkemeierInterval
{
    /// <summary>The interval at each row of <paramref name="curve"/>.</summary>
    public static ConfidenceInterval[] Rows(KaplanMeierCurve curve, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(level);
        var chiSquare = ChiSquared.InvCDF(1, level.Value);
        var rows = new ConfidenceInterval[curve.Times.Length];
        var deaths = new List<(double N, double D)>();
        var current = ConfidenceInterval.NotEstimable;
        for (var j = 0; j < rows.Length; j++)
        {
            if (curve.Events[j] > 0)
            {
                deaths.Add((curve.AtRisk[j], curve.Events[j]));
                current = curve.Survival[j] > 0 ? Solve(deaths, chiSquare) : ConfidenceInterval.NotEstimable;
            }
            rows[j] = deaths.Count == 0 ? new(Math.Exp(-chiSquare / (2.0 * SmallSampleRows.AtRiskAfter(curve, j))), 1) : current;
        }
        return rows;
    }

    /// <summary>The interval before the first row: S = 1 with every subject at risk.</summary>
    internal static ConfidenceInterval BeforeFirst(KaplanMeierCurve curve, ConfidenceLevel level) =>
        new(Math.Exp(-ChiSquared.InvCDF(1, level.Value) / (2.0 * curve.AtRisk[0])), 1);

    private static ConfidenceInterval Solve(List<(double N, double D)> deaths, double chiSquare)
    {
        var smallest = double.PositiveInfinity;
        foreach (var (n, d) in deaths) smallest = Math.Min(smallest, n - d);
        double Excess(double lambda) => MinusTwoLogRatio(deaths, lambda) - chiSquare;

        // −2 log R grows without bound as λ falls to −min(n − d) and as λ grows, and is 0 at λ = 0.
        var low = -smallest;
        var step = smallest;
        while (step > smallest * 1e-15 && !(Excess(low + step) > 0)) step /= 2;
        var lowerRoot = Brent.FindRoot(Excess, low + step, 0, 1e-15, 500);
        var high = 1.0;
        while (!(Excess(high) > 0)) high *= 2;
        var upperRoot = Brent.FindRoot(Excess, 0, high, 1e-15 * high, 500);
        return new(Survival(deaths, lowerRoot), Survival(deaths, upperRoot));
    }

    private static double MinusTwoLogRatio(List<(double N, double D)> deaths, double lambda)
    {
        var sum = 0.0;
        foreach (var (n, d) in deaths) sum += n * Math.Log(1 + lambda / n) - (n - d) * Math.Log(1 + lambda / (n - d));
        return 2 * sum;
    }

    private static double Survival(List<(double N, double D)> deaths, double lambda)
    {
        var s = 1.0;
        foreach (var (n, d) in deaths) s *= 1 - d / (n + lambda);
        return s;
    }
}
