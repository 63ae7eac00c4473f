using System.Collections.Immutable;
using Survival.Core.Counting;
using Survival.Core.Inference;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// Survival curves predicted by a Cox model for given covariate values, equal to R's
/// <c>survfit(fit, newdata = ...)</c> (survival 3.5).
/// </summary>
/// <remarks>
/// With η₀ = (x₀ − x̄)'β̂ and, at each event time of the stratum, the baseline hazard increment (centred covariates)
/// Breslow: dΛ = d/S₀, Efron: dΛ = Σ_{k&lt;d} 1/(S₀ − (k/d)D₀) (as R's default ctype follows the fit's ties),
/// Ĥ(t | x₀) = e^{η₀} Σ_{tⱼ ≤ t} dΛⱼ and Ŝ = exp(−Ĥ). Its variance (Tsiatis 1981; Therneau &amp; Grambsch 2000, 10.2)
/// is e^{2η₀}[Σ v_j + q(t)' V q(t)], with v = d/S₀² (Breslow) or Σ_k 1/(S₀ − (k/d)D₀)² (Efron),
/// q(t) = Λ(t)(x₀ − x̄) − Σ_{tⱼ ≤ t} a_j, a = (S₁/S₀)dΛ (Breslow) or Σ_k (S₁ − (k/d)D₁)/(S₀ − (k/d)D₀)² (Efron), and
/// V = var(β̂). The interval is R's default log type: exp(−Ĥ ± z·se(Ĥ)), capped at 1. With delayed entry the sums
/// run over the left-truncated risk sets {i : entryᵢ &lt; t ≤ timeᵢ}, as for the fit.
/// </remarks>
internal static class CoxAdjustedSurvival
{
    public static ImmutableArray<AdjustedSurvivalCurve> Compute(
        CoxRegressionData data, CoxRegressionModel model, IReadOnlyList<CoxProfile> profiles)
    {
        if (profiles.Count == 0) return [];
        var rows = profiles.Select(p => model.Design.CentredRow(Row(data, model.Design, p))).ToArray();
        var curves = ImmutableArray.CreateBuilder<AdjustedSurvivalCurve>();
        var sets = model.Sets;
        var starts = sets.StratumStarts;
        for (var k = 0; k < profiles.Count; k++)
        {
            for (var s = 0; s + 1 < starts.Length; s++)
            {
                var stratum = data.Strata?.Levels[s];
                curves.Add(new AdjustedSurvivalCurve(profiles[k].Label, stratum, Curve(model, starts[s], starts[s + 1], rows[k])));
            }
        }
        return curves.ToImmutable();
    }

    /// <summary>The profile as a design row in original units.</summary>
    private static double[] Row(CoxRegressionData data, CoxDesign design, CoxProfile profile)
    {
        var row = new double[design.Width];
        for (var c = 0; c < design.Width; c++)
        {
            var column = design.Columns[c];
            var term = data.Terms[column.Term];
            if (term is NumericCovariate)
            {
                row[c] = profile.Covariates.TryGetValue(term.Name, out var value) && double.IsFinite(value)
                    ? value
                    : throw new ArgumentException($"profile '{profile.Label}' needs a finite value of covariate '{term.Name}'", nameof(profile));
            }
            else
            {
                if (!profile.Factors.TryGetValue(term.Name, out var level) || !((FactorCovariate)term).Factor.Levels.Contains(level))
                    throw new ArgumentException($"profile '{profile.Label}' needs a level of factor '{term.Name}'", nameof(profile));
                row[c] = level == column.Level ? 1 : 0;
            }
        }
        return row;
    }

    private static ImmutableArray<AdjustedSurvivalPoint> Curve(CoxRegressionModel model, int start, int end, double[] x0)
    {
        var sets = model.Sets;
        var p = sets.Width;
        var beta = model.Beta;
        var efron = model.Options.Ties == TieMethod.Efron;
        var z = model.Options.ConfidenceLevel.Z;
        var eta = new double[sets.Count];
        sets.LinearPredictor(beta, eta);
        var eta0 = 0.0;
        for (var c = 0; c < p; c++) eta0 += x0[c] * beta[c];
        var risk0 = Math.Exp(eta0);

        // The sweep runs from the latest time; the sums are collected per distinct time and cumulated forwards after.
        var times = new List<double>();
        var atRisk = new List<int>();
        var events = new List<int>();
        var hazard = new List<double>();
        var varHazard = new List<double>();
        var xbar = new List<double[]>();
        double s0 = 0;
        var s1 = new double[p];
        var inRiskSet = 0;
        var nextEntry = start;
        var position = start;
        while (position < end)
        {
            var t = sets.Time[position];
            // With delayed entry, those whose entry is at or after t have left the risk set.
            for (; sets.Entry is { } entry && nextEntry < end && entry[sets.ByEntry![nextEntry]] >= t; nextEntry++)
            {
                var leaving = sets.ByEntry[nextEntry];
                if (leaving >= position) continue;
                var r = Math.Exp(eta[leaving]);
                var x = sets.Row(leaving);
                s0 -= r;
                for (var c = 0; c < p; c++) s1[c] -= r * x[c];
                inRiskSet--;
            }
            var deaths = 0;
            double d0 = 0;
            var d1 = new double[p];
            for (; position < end && sets.Time[position] == t; position++)
            {
                inRiskSet++;
                var r = Math.Exp(eta[position]);
                var x = sets.Row(position);
                s0 += r;
                for (var c = 0; c < p; c++) s1[c] += r * x[c];
                if (!sets.Event[position]) continue;
                deaths++;
                d0 += r;
                for (var c = 0; c < p; c++) d1[c] += r * x[c];
            }
            double dh = 0, dv = 0;
            var a = new double[p];
            if (deaths > 0 && efron)
            {
                var sums = EfronDenominatorSums.Compute(s0, d0, deaths);
                dh = sums.S0;
                dv = sums.T0;
                for (var c = 0; c < p; c++) a[c] = s1[c] * sums.T0 - d1[c] * sums.T1;
            }
            else if (deaths > 0)
            {
                dh = deaths / s0;
                dv = deaths / (s0 * s0);
                for (var c = 0; c < p; c++) a[c] = s1[c] / s0 * dh;
            }
            times.Add(t);
            atRisk.Add(inRiskSet);
            events.Add(deaths);
            hazard.Add(dh);
            varHazard.Add(dv);
            xbar.Add(a);
        }

        var n = times.Count;
        var points = new AdjustedSurvivalPoint[n];
        double cumulative = 0, cumulativeVar = 0;
        var cumulativeXbar = new double[p];
        var q = new double[p];
        var variance = model.Variance;
        for (var k = 0; k < n; k++)
        {
            var j = n - 1 - k;
            cumulative += hazard[j];
            cumulativeVar += varHazard[j];
            for (var c = 0; c < p; c++) cumulativeXbar[c] += xbar[j][c];
            for (var c = 0; c < p; c++) q[c] = cumulative * x0[c] - cumulativeXbar[c];
            var quadratic = 0.0;
            for (var a = 0; a < p; a++)
            {
                for (var b = 0; b < p; b++) quadratic += q[a] * variance[a * p + b] * q[b];
            }
            var h = cumulative * risk0;
            var se = risk0 * Math.Sqrt(cumulativeVar + quadratic);
            points[k] = new AdjustedSurvivalPoint(times[j], Math.Exp(-h), se, Math.Exp(-h - z * se), Math.Min(1, Math.Exp(-h + z * se)), atRisk[j], events[j]);
        }
        return points.Own();
    }
}
