using System.Collections.Immutable;
using Survival.Core.Inference;

namespace Survival.Core.Curves;

/// <summary>A simultaneous confidence band for S(t) over a range of times: it covers the whole curve there at the level.</summary>
/// <remarks>Per row of the curve; rows outside the range have no bounds.</remarks>
public sealed record SimultaneousConfidenceBand
{
    /// <summary>Hall–Wellner or equal precision.</summary>
    public required SimultaneousBandMethod Method { get; init; }

    /// <summary>The scale of symmetry.</summary>
    public required BandTransform Transform { get; init; }

    /// <summary>The confidence level.</summary>
    public required ConfidenceLevel Level { get; init; }

    /// <summary>The start of the range asked for (the first death time by default).</summary>
    public required double From { get; init; }

    /// <summary>The end of the range asked for.</summary>
    public required double To { get; init; }

    /// <summary>a_L = nσ²(t_L)/(1 + nσ²(t_L)), the bridge's time at the start of the range.</summary>
    public required double ALower { get; init; }

    /// <summary>a_U, the bridge's time at the end of the range.</summary>
    public required double AUpper { get; init; }

    /// <summary>The critical value: h_α(a_L, a_U) or e_α(a_L, a_U) (<see cref="BrownianBridgeCriticalValue"/>).</summary>
    public required double CriticalValue { get; init; }

    /// <summary>Lower bound per row of the curve; null outside the range.</summary>
    public required ImmutableArray<double?> Lower { get; init; }

    /// <summary>Upper bound per row of the curve; null outside the range.</summary>
    public required ImmutableArray<double?> Upper { get; init; }

    /// <summary>The band of <paramref name="curve"/>; null when the curve has no death with survivors after it and no range was given.</summary>
    /// <remarks>
    /// With σ²(t) = Σ_{t_i ≤ t} d_i/(n_i(n_i − d_i)) (Greenwood's, of log S), n the sample size and c the critical value,
    /// the half-width on the band's scale is c·w(t) with
    /// <code>
    /// Hall–Wellner     w(t) = (1 + nσ²(t)) / √n          c = h_α(a_L, a_U)     Hall &amp; Wellner (1980)
    /// equal precision  w(t) = σ(t)                        c = e_α(a_L, a_U)     Nair (1984)
    /// linear           S ± c w S, clipped to [0, 1]
    /// log-log          [S^(1/θ), S^θ], θ = exp(c w / log S)
    /// arcsine          sin²( arcsin √S ∓ ½ c w √(S/(1 − S)) ), the angle kept within [0, π/2]
    /// </code>
    /// as Klein &amp; Moeschberger (2003, §4.4) and SAS PROC LIFETEST's <c>CONFBAND=</c> define them, where a = nσ²/(1 + nσ²)
    /// at the range's ends. The band covers the rows from the last time ≤ t_L to the last time ≤ t_U (km.ci's rows); t_L
    /// must be at least the first death time (a_L &gt; 0) and t_U at most the last observed time before S reaches 0 (σ²
    /// finite); by default they are the first death time and the last death time with survivors after it. This equals km.ci's <c>hall-wellner</c>, <c>loghall</c>, <c>epband</c> and <c>logep</c> given the
    /// same critical value (km.ci interpolates four-digit tables; it does not clip the linear band).
    /// </remarks>
    /// <exception cref="InputRuleException">The range lies outside the follow-up, or the curve has weights or delayed entry.</exception>
    public static SimultaneousConfidenceBand? Estimate(KaplanMeierCurve curve, SimultaneousBandOptions options, ConfidenceLevel level)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(level);
        if (!Enum.IsDefined(options.Method)) throw new InputRuleException("simultaneous_band.method", "must be Hall–Wellner or equal precision");
        if (!Enum.IsDefined(options.Transform)) throw new InputRuleException("simultaneous_band.transform", "must be linear, log-log or arcsine-square-root");
        if (curve.Weighted || curve.Entered.Any(e => e > 0))
            throw new InputRuleException("simultaneous_band", CombinationRules.SmallSampleWithWeightsEntryOrCauses.Requirement);

        var (first, last) = Limits(curve);
        if (first is not { } earliest || last is not { } latest)
        {
            if (options.From is null && options.To is null) return null;
            throw new InputRuleException("simultaneous_band", InputRules.BandRangeRequirement);
        }
        var from = options.From ?? earliest;
        var to = options.To ?? latest;
        // A range may end after the last death with survivors, up to the last observed time, while σ² stays finite.
        var limit = curve.LastTime;
        for (var j = 0; j < curve.Times.Length; j++)
        {
            if (double.IsFinite(curve.StdErrLogSurvival[j])) continue;
            limit = Math.BitDecrement(curve.Times[j]);
            break;
        }
        if (!(from >= earliest && from <= limit)) throw new InputRuleException("simultaneous_band.from", InputRules.BandRangeRequirement);
        if (!(to >= from && to <= limit)) throw new InputRuleException("simultaneous_band.to", InputRules.BandRangeRequirement);

        var n = (double)curve.Subjects;
        var (start, end) = (curve.RowAtOrBefore(from), curve.RowAtOrBefore(to));
        double Sigma2(int row) => curve.StdErrLogSurvival[row] * curve.StdErrLogSurvival[row];
        double A(int row) => n * Sigma2(row) / (1 + n * Sigma2(row));
        var (aLower, aUpper) = (A(start), A(end));
        var critical = options.Method == SimultaneousBandMethod.HallWellner
            ? BrownianBridgeCriticalValue.HallWellner(aLower, aUpper, level.Value)
            : BrownianBridgeCriticalValue.EqualPrecision(aLower, aUpper, level.Value);
        return Build(curve, options with { From = from, To = to }, level, critical);
    }

    /// <summary>The band with a given critical value, over a range already checked.</summary>
    internal static SimultaneousConfidenceBand Build(KaplanMeierCurve curve, SimultaneousBandOptions options, ConfidenceLevel level, double critical)
    {
        var (from, to) = (options.From!.Value, options.To!.Value);
        var n = (double)curve.Subjects;
        var (start, end) = (curve.RowAtOrBefore(from), curve.RowAtOrBefore(to));
        double Sigma2(int row) => curve.StdErrLogSurvival[row] * curve.StdErrLogSurvival[row];
        double A(int row) => n * Sigma2(row) / (1 + n * Sigma2(row));
        var lower = new double?[curve.Times.Length];
        var upper = new double?[curve.Times.Length];
        for (var j = start; j <= end; j++)
        {
            var width = critical * (options.Method == SimultaneousBandMethod.HallWellner
                ? (1 + n * Sigma2(j)) / Math.Sqrt(n)
                : Math.Sqrt(Sigma2(j)));
            (lower[j], upper[j]) = Bounds(curve.Survival[j], width, options.Transform);
        }
        return new SimultaneousConfidenceBand
        {
            Method = options.Method,
            Transform = options.Transform,
            Level = level,
            From = from,
            To = to,
            ALower = A(start),
            AUpper = A(end),
            CriticalValue = critical,
            Lower = lower.Own(),
            Upper = upper.Own(),
        };
    }

    /// <summary>The first death time and the last death time with survivors after it; null when there is none.</summary>
    private static (double? First, double? Last) Limits(KaplanMeierCurve curve)
    {
        double? first = null, last = null;
        for (var j = 0; j < curve.Times.Length; j++)
        {
            if (curve.Events[j] == 0) continue;
            first ??= curve.Times[j];
            if (curve.AtRisk[j] > curve.Events[j]) last = curve.Times[j];
        }
        return last is null ? (null, null) : (first, last);
    }

    private static (double Lower, double Upper) Bounds(double s, double width, BandTransform transform)
    {
        switch (transform)
        {
            case BandTransform.Linear:
                return (Math.Max(0, s - width * s), Math.Min(1, s + width * s));
            case BandTransform.LogLog:
                var theta = Math.Exp(width / Math.Log(s));
                return (Math.Pow(s, 1 / theta), Math.Pow(s, theta));
            default:
                var angle = Math.Asin(Math.Sqrt(s));
                var shift = 0.5 * width * Math.Sqrt(s / (1 - s));
                var low = Math.Sin(Math.Max(0, angle - shift));
                var high = Math.Sin(Math.Min(Math.PI / 2, angle + shift));
                return (low * low, high * high);
        }
    }
}
