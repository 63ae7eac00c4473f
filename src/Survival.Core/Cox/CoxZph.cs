using System.Collections.Immutable;
using MathNet.Numerics.LinearAlgebra;
using Survival.Core.Counting;
using Survival.Core.Inference;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// The test of proportional hazards of Grambsch &amp; Therneau (1994) as R's <c>cox.zph(fit, transform = "km")</c>
/// computes it since survival 3.0: a score test, at (β̂, 0), of adding the time-varying terms x·g(t) to the model.
/// </summary>
/// <remarks>
/// g(t) = 1 − Ŝ(t−), the pooled left-continuous Kaplan–Meier estimate of the rows, unweighted, centred at its mean
/// over the event rows (R's <c>survfitKM</c> on the fit's y, without the weights); with delayed entry or (start, stop]
/// rows (R's <c>Surv(start, stop, status)</c>) both Ŝ and the contributions below use the left-truncated risk sets, as
/// R's zph2 does for counting-process data. With case weights the contributions are the weighted fit's, as R's.
/// With Uₜ and Iₜ the score and information contributions of event time t at β̂ (the fit's ties method), the
/// time-varying terms have score U₂ = Σₜ g(t)Uₜ and the joint information is [[Σ Iₜ, Σ g Iₜ], [Σ g Iₜ, Σ g² Iₜ]].
/// For a term with columns J the statistic is u'A⁻¹u with A the information restricted to all fitted columns and
/// the columns J of the time-varying block, u = (0, U₂[J]); it is χ² on |J| degrees of freedom. GLOBAL uses every
/// column. Aliased columns are left out, as R drops NA coefficients.
/// </remarks>
internal static class CoxZph
{
    /// <param name="survival">The rows' entries, times and events, whose unweighted Kaplan–Meier estimate is the transform.</param>
    /// <param name="terms">The model's terms.</param>
    /// <param name="design">The design matrix.</param>
    /// <param name="likelihood">The fit's likelihood.</param>
    /// <param name="beta">β̂.</param>
    /// <param name="kept">The columns not aliased.</param>
    public static ProportionalHazardsTest Compute(
        SurvivalData survival, IReadOnlyList<CoxCovariate> terms, CoxDesign design, CoxLikelihood likelihood, double[] beta, int[] kept)
    {
        var m = design.Width;
        var q = kept.Length;
        var transform = CentredTransform(survival);

        // Σ Iₜ, Σ g Iₜ with Σ g Uₜ, and Σ g² Iₜ: three sweeps, each event time weighted by 1, g(t) and g(t)².
        var plain = new PartialLikelihood(m);
        var once = new PartialLikelihood(m);
        var twice = new PartialLikelihood(m);
        likelihood.Evaluate(beta, plain);
        likelihood.Evaluate(beta, once, time => transform[time]);
        likelihood.Evaluate(beta, twice, time => transform[time] * transform[time]);
        var u2 = new double[q];
        var information = Matrix<double>.Build.Dense(2 * q, 2 * q);
        for (var a = 0; a < q; a++)
        {
            u2[a] = once.Score[kept[a]];
            for (var b = 0; b < q; b++)
            {
                var cell = kept[a] * m + kept[b];
                information[a, b] = plain.Information[cell];
                information[a, q + b] = once.Information[cell];
                information[q + a, b] = once.Information[cell];
                information[q + a, q + b] = twice.Information[cell];
            }
        }

        var tests = ImmutableArray.CreateBuilder<ProportionalHazardsTermTest>();
        for (var t = 0; t < terms.Count; t++)
        {
            var columns = Enumerable.Range(0, q).Where(k => design.Columns[kept[k]].Term == t).ToArray();
            if (columns.Length == 0) continue;
            tests.Add(new ProportionalHazardsTermTest(terms[t].Name, Test(information, u2, q, columns)));
        }
        return new ProportionalHazardsTest(tests.ToImmutable(), Test(information, u2, q, Enumerable.Range(0, q).ToArray()));
    }

    private static ChiSquareTest Test(Matrix<double> information, double[] u2, int q, int[] columns)
    {
        var index = Enumerable.Range(0, q).Concat(columns.Select(c => q + c)).ToArray();
        var block = Matrix<double>.Build.Dense(index.Length, index.Length, (r, c) => information[index[r], index[c]]);
        var u = Vector<double>.Build.Dense(index.Length, k => k < q ? 0 : u2[columns[k - q]]);
        return ChiSquareTest.Of(u.DotProduct(block.Solve(u)), columns.Length);
    }

    /// <summary>g(t) = 1 − Ŝ(t−) minus its mean over the events, for every event time.</summary>
    /// <remarks>
    /// Ŝ is the Kaplan–Meier estimate of all rows pooled over the strata, without weights (R's <c>survfitKM</c> on the
    /// fit's y), on the left-truncated risk sets with delayed entry; it is read from the rows' counting table, whose
    /// near-equal times are merged as the risk sets' are.
    /// </remarks>
    private static Dictionary<double, double> CentredTransform(SurvivalData survival)
    {
        var unweighted = survival.EntryTimes.IsEmpty
            ? SurvivalData.Create(survival.Times.Span, survival.Events.Span)
            : SurvivalData.Create(survival.EntryTimes.Span, survival.Times.Span, survival.Events.Span);
        var table = CountingTable.FromSubjects(unweighted).GroupTable(0).WithTimeFix();
        var transform = new Dictionary<double, double>();
        var survivalBefore = 1.0;
        var sum = 0.0;
        var events = 0;
        for (var row = 0; row < table.Count; row++)
        {
            var deaths = table.Events[row];
            if (deaths == 0) continue;
            transform[table.Times[row]] = 1 - survivalBefore;
            sum += deaths * (1 - survivalBefore);
            events += deaths;
            survivalBefore *= 1 - (double)deaths / table.AtRisk[row];
        }
        var mean = sum / events;
        foreach (var t in transform.Keys.ToArray()) transform[t] -= mean;
        return transform;
    }
}
