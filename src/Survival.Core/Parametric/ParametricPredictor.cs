using System.Collections.Immutable;
using Survival.Core.Inference;
using Survival.Core.Numerics;
using Survival.Core.Regression;

namespace Survival.Core.Parametric;

/// <summary>
/// What a fitted model predicts at a covariate profile: S, h and H at times and on a grid to the horizon, quantiles,
/// the mean and the restricted mean, each with a delta-method standard error.
/// </summary>
/// <remarks>
/// With θ̂ the parameters, V their variance and ∇ the gradient in θ (x·∂/∂η on β, the local derivatives on the
/// stratum's ancillary parameters):
/// <code>
/// H(t) = −log S(t);  se(log H) = √(∇log H' V ∇log H),  ∇log H = −∇log S / H;  S ∈ exp(−H·e^{±z·se(log H)})
/// se(log h) = √(∇log h' V ∇log h);  h ∈ h·e^{±z·se(log h)}
/// t_p: S(t_p) = 1 − p;  ∇t_p = ∇log S(t_p) / h(t_p)  (implicit differentiation);  t_p ∈ t_p·e^{±z·se/t_p}
/// RMST(τ) = ∫₀^τ S,  ∇RMST = ∫₀^τ S ∇log S;  E[T] = ∫₀^∞ S, the same with τ = ∞, where finite
/// </code>
/// For the log-location-scale families ∇t_p equals R's <c>predict(fit, type = "quantile", se.fit = TRUE)</c>
/// (t_p times the gradient of η + σ·w_p). Integrals are taken in log t (<see cref="Integral"/>).
/// </remarks>
internal static class ParametricPredictor
{
    public static ImmutableArray<ParametricPrediction> Predict(ParametricModel model, ParametricOptions options)
    {
        var space = model.Space;
        var profiles = options.Profiles.IsEmpty ? DefaultProfiles(space) : options.Profiles;
        var predictions = ImmutableArray.CreateBuilder<ParametricPrediction>();
        for (var k = 0; k < profiles.Length; k++)
        {
            var row = Row(space, profiles[k], $"profiles[{k}]");
            foreach (var s in Strata(space, profiles[k], k)) predictions.Add(Predict(model, options, profiles[k].Label, row, s));
        }
        return predictions.ToImmutable();
    }

    /// <summary>Checks every profile against the model's terms and strata before anything is fitted.</summary>
    /// <exception cref="InputRuleException">A profile lacks a term, names a level or stratum that does not exist.</exception>
    public static void CheckProfiles(ParametricProfileSpace space, ImmutableArray<ParametricProfile> profiles)
    {
        for (var k = 0; k < profiles.Length; k++)
        {
            Row(space, profiles[k], $"profiles[{k}]");
            Strata(space, profiles[k], k);
        }
    }

    /// <summary>The strata a profile is predicted in: its own, or each one when it names none.</summary>
    private static int[] Strata(ParametricProfileSpace space, ParametricProfile profile, int k)
    {
        if (profile.Stratum is not { } label) return [.. Enumerable.Range(0, space.Stratified ? space.StrataLabels.Length : 1)];
        var index = space.StrataLabels.IndexOf(label);
        if (index < 0 || !space.Stratified)
            throw new InputRuleException($"profiles[{k}].stratum", space.Stratified
                ? "must be one of the strata: " + string.Join(", ", space.StrataLabels.Select(l => $"'{l}'"))
                : "must be empty: the model is not stratified");
        return [index];
    }

    /// <summary>The design row of a profile, in original units.</summary>
    /// <exception cref="InputRuleException">The profile lacks a term or names a level the factor does not have.</exception>
    private static double[] Row(ParametricProfileSpace space, ParametricProfile profile, string input)
    {
        var row = new double[space.Columns.Length];
        for (var c = 0; c < row.Length; c++)
        {
            var column = space.Columns[c];
            var term = space.Terms.First(t => t.Name == column.Term);
            if (!term.IsFactor)
            {
                if (!profile.Covariates.TryGetValue(term.Name, out var value))
                    throw new InputRuleException($"{input}.covariates[\"{term.Name}\"]", "is missing; a profile gives every term of the model");
                if (!double.IsFinite(value)) throw new InputRuleException($"{input}.covariates[\"{term.Name}\"]", "must be a finite number");
                row[c] = value;
            }
            else
            {
                if (!profile.Factors.TryGetValue(term.Name, out var level))
                    throw new InputRuleException($"{input}.factors[\"{term.Name}\"]", "is missing; a profile gives every term of the model");
                if (!term.Levels.Contains(level))
                    throw new InputRuleException($"{input}.factors[\"{term.Name}\"]", "must be one of the levels " + string.Join(", ", term.Levels.Select(l => $"'{l}'")));
                row[c] = level == column.Level ? 1 : 0;
            }
        }
        return row;
    }

    /// <summary>Each level of the first factor term, other numeric terms at their means and other factors at their reference; else one profile at the means.</summary>
    internal static ImmutableArray<ParametricProfile> DefaultProfiles(ParametricProfileSpace space)
    {
        var covariates = new Dictionary<string, double>();
        var factors = new Dictionary<string, string>();
        ProfileTerm? first = null;
        foreach (var term in space.Terms)
        {
            if (!term.IsFactor)
            {
                covariates[term.Name] = term.Mean;
                continue;
            }
            first ??= term;
            factors[term.Name] = term.Levels[0];
        }
        if (first is null) return [new ParametricProfile(space.Terms.IsEmpty ? "all" : "mean covariates", covariates, factors)];
        return [.. first.Levels.Select(level =>
            new ParametricProfile(level, covariates, new Dictionary<string, string>(factors) { [first.Name] = level }))];
    }

    private static ParametricPrediction Predict(ParametricModel model, ParametricOptions options, string label, double[] row, int stratum)
    {
        var family = model.Family;
        var eta = model.LinearPredictor(row);
        var shape = model.Shape(stratum);
        var z = options.Level.Z;
        // Without a horizon or a last follow-up (a fit from sums whose data side did not give its largest time), no curve.
        var grid = (options.Horizon ?? model.Space.LastTime) is { } horizon
            ? [.. Enumerable.Range(0, options.GridIntervals + 1).Select(j => horizon * j / options.GridIntervals)]
            : Array.Empty<double>();
        var quantiles = options.Quantiles.Select(p => Quantile(model, row, stratum, eta, shape, p, z)).ToImmutableArray();
        return new ParametricPrediction
        {
            Label = label,
            Stratum = model.Space.Stratified ? model.Space.StrataLabels[stratum] : "",
            LinearPredictor = eta,
            AtTimes = Points(model, row, stratum, eta, shape, [.. options.Times], z),
            Curve = Points(model, row, stratum, eta, shape, grid, z),
            Quantiles = quantiles,
            Mean = family.InfiniteMeanReason(eta, shape) is { } reason
                ? new ParametricMean(null, null, null, null, null, reason)
                : Integral(model, row, stratum, eta, shape, double.PositiveInfinity, options.Level),
            Rmst = options.RmstTau is { } tau ? Integral(model, row, stratum, eta, shape, tau, options.Level) : null,
        };
    }

    private static ImmutableArray<ParametricCurvePoint> Points(ParametricModel model, double[] row, int stratum, double eta, double[] shape, double[] times, double z)
    {
        var logS = new LocalTerm[times.Length];
        var logH = new LocalTerm[times.Length];
        model.Family.LogSurvivalAndHazard(times, eta, shape, logS, logH);
        var points = new ParametricCurvePoint[times.Length];
        for (var i = 0; i < times.Length; i++) points[i] = Point(model, row, stratum, times[i], logS[i], logH[i], z);
        return [.. points];
    }

    private static ParametricCurvePoint Point(ParametricModel model, double[] row, int stratum, double t, LocalTerm logS, LocalTerm logHazard, double z)
    {
        var h = -logS.Value;
        double? hazard = null, hazardLower = null, hazardUpper = null;
        if (double.IsFinite(logHazard.Value))
        {
            hazard = Math.Exp(logHazard.Value);
            var se = Math.Sqrt(model.GradientVariance(row, stratum, logHazard.E, logHazard.A, logHazard.B));
            if (double.IsFinite(se)) (hazardLower, hazardUpper) = (hazard * Math.Exp(-z * se), hazard * Math.Exp(z * se));
        }
        var point = new ParametricCurvePoint
        {
            Time = t, Survival = Math.Exp(logS.Value), CumulativeHazard = h,
            Hazard = hazard, HazardLower = hazardLower, HazardUpper = hazardUpper,
        };
        if (!(h > 0) || !double.IsFinite(h)) return point;
        // ∇log H = −∇log S / H.
        var seLog = Math.Sqrt(model.GradientVariance(row, stratum, logS.E, logS.A, logS.B)) / h;
        if (!double.IsFinite(seLog)) return point;
        return point with
        {
            CumulativeHazardStdError = h * seLog,
            SurvivalLower = Math.Exp(-h * Math.Exp(z * seLog)),
            SurvivalUpper = Math.Exp(-h * Math.Exp(-z * seLog)),
        };
    }

    private static ParametricQuantile Quantile(ParametricModel model, double[] row, int stratum, double eta, double[] shape, double p, double z)
    {
        var family = model.Family;
        var t = family.Quantile(p, eta, shape);
        if (!double.IsFinite(t) || t <= 0) return new ParametricQuantile(p, null, null, null, null);
        var logS = family.LogSurvival(t, eta, shape);
        var hazard = Math.Exp(family.LogHazard(t, eta, shape).Value);
        var se = Math.Sqrt(model.GradientVariance(row, stratum, logS.E, logS.A, logS.B)) / hazard;
        if (!double.IsFinite(se)) return new ParametricQuantile(p, t, null, null, null);
        return new ParametricQuantile(p, t, se, t * Math.Exp(-z * se / t), t * Math.Exp(z * se / t));
    }

    /// <summary>∫₀^τ S(t) dt and its gradient ∫₀^τ S ∇log S dt, for τ finite or +∞.</summary>
    /// <remarks>
    /// Taken in u = log t, ∫ S(eᵘ)eᵘ du: the integrand falls like eᵘ below the median and, for a tail S ~ t^{−α}, like
    /// e^{(1−α)u} above it, smooth everywhere; its four components (S and S times the three local derivatives of log S)
    /// share one adaptive partition (<see cref="VectorQuadrature"/>). The lower end is 40 units below the median
    /// (what is left is below e⁻⁴⁰ of it); for the mean, the upper end is where S(eᵘ)eᵘ has fallen below 10⁻¹⁷ of its
    /// size at the median while still falling by a tenth every two units.
    /// </remarks>
    private static ParametricMean Integral(ParametricModel model, double[] row, int stratum, double eta, double[] shape, double tau, ConfidenceLevel level)
    {
        var family = model.Family;
        void Integrand(ReadOnlySpan<double> u, Span<double> values)
        {
            var times = new double[u.Length];
            for (var i = 0; i < u.Length; i++) times[i] = Math.Exp(u[i]);
            var logS = new LocalTerm[u.Length];
            family.LogSurvivalAndHazard(times, eta, shape, logS, new LocalTerm[u.Length]);
            for (var i = 0; i < u.Length; i++)
            {
                var s = Math.Exp(logS[i].Value) * times[i];
                var at = values.Slice(4 * i, 4);
                if (s == 0 || !double.IsFinite(s)) at.Clear();
                else (at[0], at[1], at[2], at[3]) = (s, s * logS[i].E, s * logS[i].A, s * logS[i].B);
            }
        }
        double First(double u)
        {
            Span<double> value = stackalloc double[4];
            Integrand([u], value);
            return value[0];
        }
        var median = family.Quantile(0.5, eta, shape);
        var centre = double.IsFinite(median) && median > 0 ? Math.Log(median) : double.IsFinite(tau) ? Math.Log(tau) : 0;
        var lower = centre - 40;
        double upper;
        double? tauValue = double.IsPositiveInfinity(tau) ? null : tau;
        if (double.IsFinite(tau)) upper = Math.Log(tau);
        else
        {
            var atCentre = First(centre);
            upper = centre;
            for (var last = atCentre; ; )
            {
                upper += 2;
                var value = First(upper);
                if (value <= 1e-17 * atCentre && value <= 0.9 * last) break;
                last = value;
                if (upper > centre + 2000)
                    return new ParametricMean(null, null, null, null, null, "the tail of S falls too slowly for its integral (the mean) to be computed");
            }
        }
        var parts = upper > lower ? VectorQuadrature.Integrate(Integrand, lower, upper, 4, 1e-12) : new double[4];
        var se = Math.Sqrt(model.GradientVariance(row, stratum, parts[1], parts[2], parts[3]));
        if (!double.IsFinite(parts[0])) return new ParametricMean(tauValue, null, null, null, null, "the integral of S did not converge");
        return double.IsFinite(se)
            ? new ParametricMean(tauValue, parts[0], se, parts[0] - level.Z * se, parts[0] + level.Z * se, null)
            : new ParametricMean(tauValue, parts[0], null, null, null, null);
    }
}
