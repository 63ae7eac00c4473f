using System.Collections.Immutable;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// Survival curves predicted by a Cox model for given covariate values, equal to R's
/// <c>survfit(fit, newdata = ...)</c> (survival 3.5); for a Fine–Gray model, the predicted cumulative incidence of
/// the cause, 1 − Ŝ (R's <c>survfit</c> of the <c>finegray</c> fit).
/// </summary>
/// <remarks>
/// With η₀ = (x₀ − x̄)'β̂ and, at each event time of the stratum, the weighted risk-set sums S₀ = Σ_R w r and
/// D₀ = Σ_D w r, d events of weight Σ_D w and m = (Σ_D w)/d, the baseline hazard increment (centred covariates) is
/// Breslow: dΛ = Σ_D w/S₀, Efron: dΛ = m Σ_{k&lt;d} 1/(S₀ − (k/d)D₀) (as R's default ctype follows the fit's ties),
/// Ĥ(t | x₀) = e^{η₀} Σ_{tⱼ ≤ t} dΛⱼ and Ŝ = exp(−Ĥ). Its variance (Tsiatis 1981; Therneau &amp; Grambsch 2000, 10.2)
/// is e^{2η₀}[Σ v_j + q(t)' V q(t)], with v = Σ_D w/S₀² (Breslow) or m Σ_k 1/(S₀ − (k/d)D₀)² (Efron),
/// q(t) = Λ(t)(x₀ − x̄) − Σ_{tⱼ ≤ t} a_j, a = (S₁/S₀)dΛ (Breslow) or m Σ_k (S₁ − (k/d)D₁)/(S₀ − (k/d)D₀)² (Efron), and
/// V = var(β̂), the fit's reported variance. The interval is R's default log type: exp(−Ĥ ± z·se(Ĥ)), capped at 1.
/// With delayed entry or (start, stop] rows the sums run over the risk sets {rows : entry &lt; t ≤ time}, as for the
/// fit: the curve is that of a subject whose covariates stay x₀.
/// </remarks>
internal static class CoxAdjustedSurvival
{
    /// <param name="fit">The fit.</param>
    /// <param name="terms">The model's terms, by which a profile is read.</param>
    /// <param name="strata">The strata's labels; null for one stratum.</param>
    /// <param name="profiles">The covariate profiles.</param>
    public static ImmutableArray<AdjustedSurvivalCurve> Compute(
        CoxFit fit, IReadOnlyList<CoxCovariate> terms, IReadOnlyList<string>? strata, IReadOnlyList<CoxProfile> profiles)
    {
        if (profiles.Count == 0) return [];
        var design = fit.Design!;
        var rows = profiles.Select(p => design.CentredRow(Row(terms, design, p))).ToArray();
        var curves = ImmutableArray.CreateBuilder<AdjustedSurvivalCurve>();
        var starts = fit.Rows.StratumStarts;
        for (var k = 0; k < profiles.Count; k++)
        {
            for (var s = 0; s + 1 < starts.Length; s++)
                curves.Add(new AdjustedSurvivalCurve(profiles[k].Label, strata?[s], Curve(fit, starts[s], starts[s + 1], rows[k])));
        }
        return curves.ToImmutable();
    }

    /// <summary>The profile as a design row in original units.</summary>
    /// <exception cref="InputRuleException">The profile lacks a term or names a level the factor does not have.</exception>
    private static double[] Row(IReadOnlyList<CoxCovariate> terms, CoxDesign design, CoxProfile profile)
    {
        var row = new double[design.Width];
        for (var c = 0; c < design.Width; c++)
        {
            var column = design.Columns[c];
            var term = terms[column.Term];
            if (term is NumericCovariate)
            {
                row[c] = profile.Covariates.TryGetValue(term.Name, out var value) && double.IsFinite(value)
                    ? value
                    : throw new InputRuleException($"profile '{profile.Label}'", $"needs a finite value of covariate '{term.Name}'");
            }
            else
            {
                if (!profile.Factors.TryGetValue(term.Name, out var level) || !((FactorCovariate)term).Factor.Levels.Contains(level))
                    throw new InputRuleException($"profile '{profile.Label}'", $"needs a level of factor '{term.Name}'");
                row[c] = level == column.Level ? 1 : 0;
            }
        }
        return row;
    }

    private static ImmutableArray<AdjustedSurvivalPoint> Curve(CoxFit fit, int start, int end, double[] x0)
    {
        var rows = fit.Rows;
        var p = rows.Width;
        var beta = fit.Beta;
        var efron = fit.Ties == TieMethod.Efron;
        var z = fit.Level.Z;
        var eta = new double[rows.Count];
        rows.LinearPredictor(beta, eta);
        var eta0 = 0.0;
        for (var c = 0; c < p; c++) eta0 += x0[c] * beta[c];
        var risk0 = Math.Exp(eta0);

        // The sweep runs from the latest time; the sums are collected per distinct time and cumulated forwards after.
        var times = new List<double>();
        var atRisk = new List<int>();
        var events = new List<int>();
        var weightedAtRisk = new List<double>();
        var weightedEvents = new List<double>();
        var hazard = new List<double>();
        var varHazard = new List<double>();
        var xbar = new List<double[]>();
        double s0 = 0;
        var s1 = new double[p];
        var inRiskSet = 0;
        var weightInRiskSet = 0.0;
        var nextEntry = start;
        var position = start;
        while (position < end)
        {
            var t = rows.Time[position];
            // With delayed entry, those whose entry is at or after t have left the risk set.
            for (; rows.Entry is { } entry && nextEntry < end && entry[rows.ByEntry![nextEntry]] >= t; nextEntry++)
            {
                var leaving = rows.ByEntry[nextEntry];
                if (leaving >= position) continue;
                var r = rows.Weight[leaving] * Math.Exp(eta[leaving]);
                var x = rows.Row(leaving);
                s0 -= r;
                for (var c = 0; c < p; c++) s1[c] -= r * x[c];
                inRiskSet--;
                weightInRiskSet -= rows.Weight[leaving];
            }
            var deaths = 0;
            double d0 = 0, deathWeight = 0;
            var d1 = new double[p];
            for (; position < end && rows.Time[position] == t; position++)
            {
                inRiskSet++;
                weightInRiskSet += rows.Weight[position];
                var exp = Math.Exp(eta[position]);
                var r = rows.Weight[position] * exp;
                var x = rows.Row(position);
                s0 += r;
                for (var c = 0; c < p; c++) s1[c] += r * x[c];
                if (rows.Events[position] == 0) continue;
                deaths += rows.Events[position];
                deathWeight += rows.EventWeight[position];
                var dr = rows.EventWeight[position] * exp;
                d0 += dr;
                for (var c = 0; c < p; c++) d1[c] += dr * x[c];
            }
            double dh = 0, dv = 0;
            var a = new double[p];
            if (deaths > 0 && efron)
            {
                var sums = EfronDenominatorSums.Compute(s0, d0, deaths);
                var meanWeight = deathWeight / deaths;
                dh = meanWeight * sums.S0;
                dv = meanWeight * sums.T0;
                for (var c = 0; c < p; c++) a[c] = meanWeight * (s1[c] * sums.T0 - d1[c] * sums.T1);
            }
            else if (deaths > 0)
            {
                dh = deathWeight / s0;
                dv = deathWeight / (s0 * s0);
                for (var c = 0; c < p; c++) a[c] = s1[c] / s0 * dh;
            }
            times.Add(t);
            atRisk.Add(inRiskSet);
            events.Add(deaths);
            weightedAtRisk.Add(weightInRiskSet);
            weightedEvents.Add(deathWeight);
            hazard.Add(dh);
            varHazard.Add(dv);
            xbar.Add(a);
        }

        var n = times.Count;
        var points = new AdjustedSurvivalPoint[n];
        double cumulative = 0, cumulativeVar = 0;
        var cumulativeXbar = new double[p];
        var q = new double[p];
        var variance = fit.Variance;
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
            var (survival, lower, upper) = (Math.Exp(-h), Math.Exp(-h - z * se), Math.Min(1, Math.Exp(-h + z * se)));
            points[k] = new AdjustedSurvivalPoint(times[j], survival, se, lower, upper, atRisk[j], events[j])
            {
                WeightedAtRisk = rows.Weighted ? weightedAtRisk[j] : null,
                WeightedEvents = rows.Weighted ? weightedEvents[j] : null,
                CumulativeIncidence = fit.CauseOfInterest is null ? null : new PredictedIncidence(1 - survival, 1 - upper, 1 - lower),
            };
        }
        return points.Own();
    }
}
