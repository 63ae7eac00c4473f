using System.Collections.Immutable;

namespace Survival.Core.Curves;

/// <summary>Quantiles of survival time with the confidence interval of Brookmeyer &amp; Crowley (1982), as R's <c>quantile.survfit</c>.</summary>
public static class SurvivalQuantile
{
    /// <summary>The tolerance within which a curve is taken to equal the target level: sqrt(machine epsilon), as R.</summary>
    public const double Tolerance = 1.4901161193847656e-8;

    /// <summary>The quantiles R reports by default.</summary>
    public static ImmutableArray<double> DefaultProbabilities { get; } = [0.25, 0.5, 0.75];

    /// <summary>Estimates the quantiles <paramref name="probabilities"/> of the curve and their confidence limits.</summary>
    /// <remarks>
    /// The quantile for p is read off the step function F(t) = 1 − S(t), started at F(0) = 0: it is the first time at
    /// which F reaches p. Where F equals p within <see cref="Tolerance"/> along a flat stretch, the quantile is the
    /// midpoint of that stretch: from the time F reached p to the next time it changes, or to the last observed time
    /// when it never changes again. The lower (upper) confidence limit applies the same rule to the lower (upper)
    /// confidence curve, which is Brookmeyer &amp; Crowley's (1982) interval {t : the pointwise interval covers 1 − p}
    /// read off the band, as R computes it.
    /// <para>
    /// Where a confidence curve is not monotone, the crossing is the time whose value is the smallest at or above the
    /// level; where it is not estimable at a time, that time is passed over; and when no curve value reaches the
    /// smallest requested probability, every quantile from that curve is not reached. These three details make the
    /// figures equal R's <c>quantile(fit, probs)</c> exactly, for any data.
    /// </para>
    /// </remarks>
    public static ImmutableArray<QuantileEstimate> Estimate(
        KaplanMeierCurve curve,
        ConfidenceBand band,
        IReadOnlyList<double> probabilities)
    {
        ArgumentNullException.ThrowIfNull(curve);
        ArgumentNullException.ThrowIfNull(band);
        ArgumentNullException.ThrowIfNull(probabilities);
        for (var i = 0; i < probabilities.Count; i++)
        {
            if (!InputRules.IsProbability(probabilities[i]))
                throw new InputRuleException($"quantiles[{i}]", InputRules.ProbabilityRequirement);
        }

        var times = curve.Times.AsSpan();
        var estimate = new StepInverse(times, i => curve.Survival[i]);
        var lower = new StepInverse(times, i => band.Lower[i]);
        var upper = new StepInverse(times, i => band.Upper[i]);
        var smallest = probabilities.Count == 0 ? 0 : probabilities.Min();

        var results = ImmutableArray.CreateBuilder<QuantileEstimate>(probabilities.Count);
        foreach (var p in probabilities)
        {
            results.Add(new QuantileEstimate(
                p,
                estimate.TimeReaching(p, smallest),
                lower.TimeReaching(p, smallest),
                upper.TimeReaching(p, smallest)));
        }
        return results.MoveToImmutable();
    }

    /// <summary>
    /// The inverse of one step curve, F = 1 − S, prefixed by F(0) = 0 and with repeated values dropped
    /// (the first time each value occurs is kept; NaN marks a value that is not estimable).
    /// </summary>
    private sealed class StepInverse
    {
        private readonly List<double> _times = [];
        private readonly List<double> _levels = [];
        private readonly double _lastTime;
        private double _maximum = double.NegativeInfinity;
        private HashSet<double>? _seen;

        public StepInverse(ReadOnlySpan<double> times, Func<int, double?> survival)
        {
            _lastTime = times[^1];
            Add(0, 0);
            for (var i = 0; i < times.Length; i++)
                Add(times[i], 1 - (survival(i) ?? double.NaN));
        }

        private void Add(double time, double level)
        {
            // While the levels rise, as F = 1 − S does, a repeat can only be the last level; a fall (a confidence
            // limit can fall) or a NaN switches to a set of every level seen. double.Equals treats NaN as equal to
            // NaN, so only the first not-estimable point is kept.
            if (_seen is null)
            {
                if (_levels.Count > 0 && level == _levels[^1]) return;
                if (_levels.Count > 0 && !(level > _levels[^1])) _seen = [.. _levels];
            }
            if (_seen is not null && !_seen.Add(level)) return;
            _times.Add(time);
            _levels.Add(level);
            if (level > _maximum) _maximum = level;
        }

        public double? TimeReaching(double p, double smallestRequested)
        {
            if (_maximum < smallestRequested) return null;
            var reached = IndexOfSmallestAtOrAbove(p, Tolerance);
            var passed = IndexOfSmallestAtOrAbove(p, -Tolerance);
            var lastLevel = _levels[^1];
            if (!double.IsNaN(lastLevel) && Math.Abs(p - lastLevel) < Tolerance)
                return reached is { } r ? (_times[r] + _lastTime) / 2 : null;
            if (reached is not { } first || passed is not { } second) return null;
            return (_times[first] + _times[second]) / 2;
        }

        /// <summary>
        /// The point whose shifted level (level + shift) is the smallest at or above p; none when p lies outside the
        /// range of the shifted levels. This is right-continuous constant interpolation of the point index on the level.
        /// </summary>
        private int? IndexOfSmallestAtOrAbove(double p, double shift)
        {
            int? best = null;
            double bestLevel = double.PositiveInfinity, lowest = double.PositiveInfinity;
            for (var k = 0; k < _levels.Count; k++)
            {
                var level = _levels[k] + shift;
                if (double.IsNaN(level)) continue;
                if (level < lowest) lowest = level;
                if (level >= p && level < bestLevel)
                {
                    bestLevel = level;
                    best = k;
                }
            }
            return p < lowest ? null : best;
        }
    }
}
