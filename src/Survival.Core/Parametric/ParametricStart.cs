using Survival.Core.Cox;
using Survival.Core.Numerics;

namespace Survival.Core.Parametric;

/// <summary>
/// Starting values of the log-location-scale families, as R's <c>survreg.fit</c> computes them, so that the
/// Newton–Raphson runs take R's steps.
/// </summary>
/// <remarks>
/// With y = log t (the midpoint of log l and log r for an interval) and case weights w: the distribution's
/// <c>init</c> gives a mean m and variance v of W from those of y (extreme value: m̄ + 0.572, v/1.64; logistic: m̄,
/// v/3.2; normal: m̄, v), and log σ starts at log(4v)/2 — twice the implied standard deviation, because a small σ can
/// leave the surface not concave and a large one never does. Then one weighted least-squares step from the "perfect
/// model" η = y (R's glim trick): with dg, ddg each term's derivatives in η at η = y and weights W = −ddg·w,
/// β solves X'WX β = X'(W y + w dg). The intercept-only model is fitted first (at most 20 iterations) and its log σ
/// start the full model. Delayed entry has no place in R's starting rule, so its terms are left out here.
/// </remarks>
internal static class ParametricStart
{
    /// <summary>R's <c>init</c>: (intercept, log σ) from the moments of y.</summary>
    public static (double Intercept, double LogScale) Moments(ParametricData data, LogLocationScaleFamily family)
    {
        var y = MidLogTimes(data);
        double sumW = 0, sumWy = 0;
        for (var i = 0; i < y.Length; i++)
        {
            if (data.Kinds[i] == ParametricData.EntryOnly) continue;
            var w = data.Weights?[i] ?? 1;
            sumW += w;
            sumWy += w * y[i];
        }
        var mean = sumWy / sumW;
        var variance = 0.0;
        for (var i = 0; i < y.Length; i++)
        {
            if (data.Kinds[i] == ParametricData.EntryOnly) continue;
            var d = y[i] - mean;
            variance += (data.Weights?[i] ?? 1) * d * d;
        }
        variance /= sumW;
        var (shift, divisor) = family.InitialMoments;
        return (mean + shift, Math.Log(4 * (variance / divisor)) / 2);
    }

    /// <summary>β by one weighted least-squares step from η = y, at the given log σ of each stratum.</summary>
    public static double[] LeastSquares(ParametricData data, LogLocationScaleFamily family, int columns, ReadOnlySpan<double> logScales)
    {
        var y = MidLogTimes(data);
        var untruncated = data.WithoutEntries();
        // c = W y + w dg and W of each term, crossed with x as X'c and X'WX: a block of subjects at a time in each half
        // (subjects are their own rows), or added per design row first for count rows (c at r, W at rows + r).
        var rows = data.RowCount;
        var sums = data.RowOf is null ? null : new double[2 * rows];
        DesignCrossing[] halves = [new(data, columns, ancillary: 0, strata: 0, outer: false), new(data, columns, ancillary: 0, strata: 0, outer: false)];
        for (var s = 0; s < data.StratumCount; s++)
        {
            var from = data.StratumStart[s];
            var to = data.StratumStart[s + 1];
            double[] shape = family.AncillaryCount == 0 ? [] : [logScales[s]];
            void Part(DesignCrossing crossing, int a, int b)
            {
                var block = new TermBlock();
                for (var start = a; start < b; start += TermBlock.Length)
                {
                    var count = Math.Min(TermBlock.Length, b - start);
                    family.Block(untruncated, start, count, y.AsSpan(start, count), shape, block);
                    if (sums is not null)
                    {
                        Working(data, y, start, count, block, sums, rows, byRow: true);
                        continue;
                    }
                    crossing.Buffer.AsSpan(0, 2 * DesignCrossing.Block).Clear();
                    Working(data, y, start, count, block, crossing.Buffer, DesignCrossing.Block, byRow: false);
                    crossing.Add(start, count, 0, crossing.Buffer, 0, DesignCrossing.Block);
                }
            }
            // Subjects write apart; count rows share theirs.
            if (sums is null) ParallelHalves.Run(to - from, (half, a, b) => Part(halves[half], from + a, from + b));
            else Part(halves[0], from, to);
        }
        var crossing = halves[0];
        if (sums is null) crossing.Add(halves[1]);
        else crossing.Add(0, rows, 0, sums, 0, rows);
        var normal = crossing.Gram;
        for (var p = 0; p < columns; p++)
            for (var q = 0; q < p; q++) normal[p * columns + q] = normal[q * columns + p];
        return new SingularCholesky(normal, columns, ParametricNewtonRaphson.CholeskyTolerance).Solve(crossing.Score);
    }

    /// <summary>y of each observation: log t, or the mean of log l and log r for an interval.</summary>
    private static double[] MidLogTimes(ParametricData data)
    {
        var logs = data.LogTimes;
        if (data.Upper is null) return logs;
        var y = (double[])logs.Clone();
        var upper = data.LogUpper!;
        for (var i = 0; i < y.Length; i++) if (data.Kinds[i] == (byte)CensoringKind.Interval) y[i] = (y[i] + upper[i]) / 2;
        return y;
    }

    /// <summary>
    /// Adds each term's working response W y + w g_η and weight W = −w g_ηη at its design row (<paramref name="byRow"/>)
    /// or at its place in the block, and the weight <paramref name="stride"/> after it.
    /// </summary>
    private static void Working(ParametricData data, double[] y, int start, int count, TermBlock block, double[] target, int stride, bool byRow)
    {
        for (var i = 0; i < count; i++)
        {
            var observation = start + i;
            if (data.Kinds[observation] == ParametricData.EntryOnly) continue;
            var w = data.Weights?[observation] ?? 1;
            var weight = -block.EE[i] * w;
            var at = byRow ? data.RowOf?[observation] ?? observation : i;
            target[at] += weight * y[observation] + w * block.E[i];
            target[stride + at] += weight;
        }
    }
}
