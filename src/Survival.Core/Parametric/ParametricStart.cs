using Survival.Core.Cox;

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
        var sink = new DerivativeSink(new double[data.ObservationCount], new double[data.ObservationCount]);
        for (var s = 0; s < data.StratumCount; s++)
        {
            var from = data.StratumStart[s];
            var to = data.StratumStart[s + 1];
            double[] shape = family.AncillaryCount == 0 ? [] : [logScales[s]];
            family.Terms(untruncated, from, to, y.AsSpan(from, to - from), shape, ref sink);
        }
        // Per design row: A = Σ W, c = Σ (W y + w dg).
        var a = new double[data.RowCount];
        var c = new double[data.RowCount];
        for (var i = 0; i < y.Length; i++)
        {
            if (data.Kinds[i] == ParametricData.EntryOnly) continue;
            var w = data.Weights?[i] ?? 1;
            var weight = -sink.Second[i] * w;
            var row = data.RowOf?[i] ?? i;
            a[row] += weight;
            c[row] += weight * y[i] + w * sink.First[i];
        }
        var normal = new double[columns * columns];
        var right = new double[columns];
        Span<double> x = stackalloc double[columns];
        x[0] = 1;
        var width = data.Design.Width;
        for (var r = 0; r < data.RowCount; r++)
        {
            data.Rows.AsSpan(r * width, columns - 1).CopyTo(x[1..]);
            for (var p = 0; p < columns; p++)
            {
                right[p] += x[p] * c[r];
                for (var q = 0; q < columns; q++) normal[p * columns + q] += x[p] * x[q] * a[r];
            }
        }
        return new SingularCholesky(normal, columns, ParametricNewtonRaphson.CholeskyTolerance).Solve(right);
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

    /// <summary>Keeps each term's first and second derivative in η.</summary>
    private readonly struct DerivativeSink(double[] first, double[] second) : ITermSink
    {
        public double[] First { get; } = first;

        public double[] Second { get; } = second;

        public void Add(int observation, in LocalTerm term)
        {
            First[observation] = term.E;
            Second[observation] = term.EE;
        }
    }
}
