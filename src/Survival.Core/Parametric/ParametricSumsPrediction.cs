namespace Survival.Core.Parametric;

/// <summary>
/// The predictions of a fit from sums (<see cref="ParametricSumsRegression"/>): S, h and H, quantiles and means at
/// covariate profiles with their intervals, by the in-memory fit's predictor (<see cref="ParametricPredictor"/>),
/// which reads only the estimates, their variance and the profiles, never a row.
/// </summary>
/// <remarks>
/// θ̂ is the fit's own: β (the intercept first, on R's uncentred scale; an aliased coefficient as 0) and each
/// stratum's ancillary parameters on the scale the family estimates them (log σ); V its variance. The profiles are
/// the request's, or by default each level of the first factor at the other terms' means and reference levels, built
/// from the data side's summary (its means and levels are those of the rows). The curve's grid runs to the horizon
/// asked, or else to the last follow-up, the summary's largest time (<see cref="ParametricProfileSpace.LastTime"/>):
/// without either there is no curve.
/// </remarks>
public static class ParametricSumsPrediction
{
    /// <summary>The fit with its predictions at the profiles of <paramref name="options"/> (the default ones when none).</summary>
    /// <param name="fit">A fit of a family that <see cref="ParametricSumsRegression"/> takes.</param>
    /// <param name="space">The terms, design columns and strata of the data summed.</param>
    /// <param name="options">Level, profiles, times, quantiles, horizon, restricted mean.</param>
    /// <exception cref="InputRuleException">An option or a profile breaks its rule, or the fit does not match the space.</exception>
    public static ParametricFit Predict(ParametricFit fit, ParametricProfileSpace space, ParametricOptions options)
    {
        ArgumentNullException.ThrowIfNull(fit);
        ArgumentNullException.ThrowIfNull(space);
        ArgumentNullException.ThrowIfNull(options);
        ParametricRegression.CheckOptions(options);
        ParametricPredictor.CheckProfiles(space, options.Profiles);
        if (fit.LogLikelihood is null) return fit;
        var family = ParametricFamily.Of(fit.Distribution);
        if (fit.Coefficients.Length != 1 + space.Columns.Length)
            throw new InputRuleException("fit", $"must have {1 + space.Columns.Length} coefficients for the design's columns; it has {fit.Coefficients.Length}");
        // The Log(scale) entries, stratum by stratum, not their exponentials (σ), which the report adds beside them.
        double[] parameters =
        [
            .. fit.Coefficients.Select(c => c.Estimate ?? 0),
            .. fit.Ancillary.Where(a => family.AncillaryNames.Contains(a.Name)).Select(a => a.Estimate),
        ];
        if (parameters.Length * parameters.Length != fit.Variance.Length)
            throw new InputRuleException("fit", $"must have a variance of {parameters.Length}² entries for its {parameters.Length} parameters; it has {fit.Variance.Length}");
        var model = new ParametricModel(family, space, parameters, [.. fit.Variance]);
        return fit with { Predictions = ParametricPredictor.Predict(model, options) };
    }
}
