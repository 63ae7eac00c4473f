using Survival.Core.Cox;

namespace Survival.Core.Parametric;

/// <summary>
/// A parametric regression fitted where the data live: survreg's starting values from one pass of sums
/// (<see cref="ParametricStartSums"/>), then R's Newton–Raphson (<see cref="ParametricNewtonRaphson"/>) on the sums a
/// remote source computes at each (β, log σ of each stratum) (<see cref="ParametricStepSums"/>), never rows. The same fit
/// as <see cref="ParametricRegression"/> of the rows those sums come from (right-censored, case weights, delayed entry,
/// strata each with its own σ); its predictions are <see cref="ParametricSumsPrediction"/>'s.
/// </summary>
/// <remarks>
/// The intercept-only model is fitted first (at most 20 iterations) from log σ = log(4v)/2 in every stratum (v the
/// variance of y = log t over all rows by the family's <c>init</c>) and the least-squares intercept; its σ of each
/// stratum starts the full model's least-squares step, as in <see cref="ParametricStart"/>. Each evaluation asks
/// <c>sumsAt(θ, columns)</c> once, θ being β's first <c>columns</c> columns and then each stratum's log σ.
/// </remarks>
public static class ParametricSumsRegression
{
    /// <summary>The families a fit from sums takes: one location and at most one scale.</summary>
    public const string DistributionRequirement = "must be exponential, Weibull, log-normal or log-logistic for a fit from sums";

    /// <summary>Fits the model whose sums the source gives.</summary>
    /// <param name="distribution">The family.</param>
    /// <param name="columns">The design columns (the intercept not among them), in the order of the sums' x after the intercept.</param>
    /// <param name="centres">Each column's centre x̄, subtracted from the column in every sum.</param>
    /// <param name="strata">The strata's labels in the order of the sums' blocks and the scales; empty when not stratified.</param>
    /// <param name="start">The start pass's sums.</param>
    /// <param name="options">Level, tolerance and iterations.</param>
    /// <param name="sumsAt">The sums at a point, awaited (no thread is held while the data side computes them); its exceptions end the fit.</param>
    /// <exception cref="InputRuleException">
    /// A family outside <see cref="DistributionRequirement"/>, an option breaks its rule, sums of the wrong shape or
    /// whose rows changed between passes, no events or more parameters than events.
    /// </exception>
    public static async Task<ParametricFit> FitAsync(
        ParametricDistribution distribution, IReadOnlyList<CoxSumsColumn> columns, double[] centres, IReadOnlyList<string> strata,
        ParametricStartSums start, ParametricOptions options, Func<double[], int, ValueTask<ParametricStepSums>> sumsAt)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(centres);
        ArgumentNullException.ThrowIfNull(strata);
        ArgumentNullException.ThrowIfNull(start);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sumsAt);
        if (ParametricFamily.Of(distribution) is not LogLocationScaleFamily family || family.AncillaryCount > 1)
            throw new InputRuleException("distribution", DistributionRequirement);
        ParametricRegression.CheckOptions(options);
        var p = 1 + columns.Count;
        if (centres.Length != columns.Count) throw new InputRuleException("centres", $"must give one centre per design column ({columns.Count}); it gives {centres.Length}");
        var blocks = Math.Max(1, strata.Count);
        CheckStart(start, p, blocks);
        var free = family.AncillaryCount == 1;
        var scales = free ? blocks : 0;
        if (start.Events == 0) throw new InputRuleException("cohort", "has no events; a parametric model needs at least one");
        if (p + scales > start.Events)
            throw new InputRuleException("terms", $"make {p + scales} parameters of the {ParametricRegression.Name(distribution)} model, more than the {start.Events} events");

        var exactLogTimes = 0.0;
        for (var block = 0; block < blocks; block++) exactLogTimes += start.EventCross[block * p];
        var likelihood = new ParametricSumsLikelihood(free, blocks, start.Rows, exactLogTimes, sumsAt);
        var logScales = free ? Enumerable.Repeat(LogScale(start, family), blocks).ToArray() : [];
        double[] nullStart = [LeastSquares(start, family, 1, logScales)[0], .. logScales];
        var nullRun = await likelihood.RunAsync(1, nullStart, p == 1 ? options.MaxIterations : 20, options.Tolerance, ScaleIndices(1, scales)).ConfigureAwait(false);
        NewtonRaphsonRun? fullRun = null;
        if (p > 1)
        {
            var ancillary = nullRun.Parameters[1..];
            double[] fullStart = [.. LeastSquares(start, family, p, ancillary), .. ancillary];
            fullRun = await likelihood.RunAsync(p, fullStart, options.MaxIterations, options.Tolerance, ScaleIndices(p, scales)).ConfigureAwait(false);
        }
        var shape = new ParametricRegression.FitShape(columns, centres, strata, start.Rows);
        return ParametricRegression.Summarise(shape, family, scales, fullRun ?? nullRun, fullRun is null ? null : nullRun, options).Fit;
    }

    /// <summary>The positions of the log σ's after <paramref name="columns"/> coefficients (survreg limits their fall on a halving).</summary>
    private static int[] ScaleIndices(int columns, int scales) => [.. Enumerable.Range(columns, scales)];

    private static void CheckStart(ParametricStartSums start, int p, int strata)
    {
        var triangle = p * (p + 1) / 2;
        var per = strata > 1 ? $" in each of {strata} strata" : "";
        if (start.Strata != strata) throw new InputRuleException("start", $"must hold one block of sums per stratum ({strata}); it holds {start.Strata}");
        if (start.EventGram.Length != triangle * strata || start.CensoredGram.Length != triangle * strata)
            throw new InputRuleException("start", $"must hold {triangle} sums of x x' per kind{per} for {p} design columns");
        if (start.EventCross.Length != p * strata || start.CensoredCross.Length != p * strata)
            throw new InputRuleException("start", $"must hold {p} sums of x y per kind{per} for {p} design columns");
    }

    /// <summary>R's <c>init</c>: log σ = log(4v)/2, v the variance of y over every row divided by the family's divisor.</summary>
    private static double LogScale(ParametricStartSums start, LogLocationScaleFamily family)
    {
        var p = start.Columns;
        double sumW = 0, sumWy = 0;
        for (var block = 0; block < start.Strata; block++)
        {
            // The intercept's entries: Σ w and Σ w y.
            sumW += start.EventGram[block * p * (p + 1) / 2] + start.CensoredGram[block * p * (p + 1) / 2];
            sumWy += start.EventCross[block * p] + start.CensoredCross[block * p];
        }
        var mean = sumWy / sumW;
        var variance = start.SquaredLogTimes / sumW - mean * mean;
        return Math.Log(4 * (variance / family.InitialMoments.VarianceDivisor)) / 2;
    }

    /// <summary>
    /// β by one weighted least-squares step from η = y on the first <paramref name="columns"/> columns:
    /// X'WX = Σ_stratum Σ_kind (−g_ηη) Σ w x x', X'c = Σ_stratum Σ_kind ((−g_ηη) Σ w x y + g_η Σ w x), the derivatives at
    /// z = 0 and the stratum's σ.
    /// </summary>
    private static double[] LeastSquares(ParametricStartSums start, LogLocationScaleFamily family, int columns, double[] logScales)
    {
        var p = start.Columns;
        var triangle = p * (p + 1) / 2;
        var normal = new double[columns * columns];
        var rhs = new double[columns];
        for (var block = 0; block < start.Strata; block++)
        {
            ReadOnlySpan<double> shape = logScales.Length == 0 ? [] : logScales.AsSpan(block, 1);
            foreach (var (exact, gram, cross) in new[] { (true, start.EventGram, start.EventCross), (false, start.CensoredGram, start.CensoredCross) })
            {
                var (e, ee) = family.AtZero(exact, shape);
                var (g, c) = (block * triangle, block * p);
                for (var a = 0; a < columns; a++)
                {
                    rhs[a] += -ee * cross[c + a] + e * gram[g + Upper(p, 0, a)];
                    for (var b = a; b < columns; b++) normal[a * columns + b] = normal[b * columns + a] += -ee * gram[g + Upper(p, a, b)];
                }
            }
        }
        return new SingularCholesky(normal, columns, ParametricNewtonRaphson.CholeskyTolerance).Solve(rhs);
    }

    /// <summary>The position of (a, b), a ≤ b, in a p×p upper triangle packed row by row.</summary>
    private static int Upper(int p, int a, int b) => a * p - a * (a - 1) / 2 + (b - a);
}
