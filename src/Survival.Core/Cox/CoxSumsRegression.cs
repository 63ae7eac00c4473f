namespace Survival.Core.Cox;

/// <summary>One design column of a Cox model fitted from sums: a numeric term, or one non-reference level of a factor.</summary>
/// <param name="Term">The term's name.</param>
/// <param name="Level">The factor level compared with the reference; empty for a numeric term.</param>
/// <param name="ReferenceLevel">The factor's reference level; empty for a numeric term.</param>
public sealed record CoxSumsColumn(string Term, string Level, string ReferenceLevel);

/// <summary>
/// A Cox regression fitted where the data live: R's Newton–Raphson (<see cref="CoxNewtonRaphson"/>) on the partial
/// likelihood of per-time sums (<see cref="CoxTimeSumsLikelihood"/>) that a remote source computes at each β, never rows.
/// The same model as <see cref="CoxRegression"/> of the rows those sums come from, but what needs every row: the
/// concordance, <c>cox.zph</c> and the robust variance are not computed.
/// </summary>
/// <remarks>
/// Each step asks <c>sumsAt(β)</c> once; the first ask is β = 0. The sources's rows, events and event weight must be
/// the same at every β (the weight to rounding: the groups may come in another order), or the fit stops: sums that disagree with themselves never become a model.
/// </remarks>
public static class CoxSumsRegression
{
    /// <summary>The rule for the ties of a fit from sums, as every reader states it.</summary>
    public const string TiesRequirement = "must be Efron or Breslow for a fit from sums: exact ties need every subset of the tied rows";

    /// <summary>Why the concordance of a fit from sums is absent.</summary>
    public const string ConcordanceReason = "the concordance compares every pair of subjects, which a fit from per-time sums does not see";

    /// <summary>Why <c>cox.zph</c> of a fit from sums is absent.</summary>
    public const string ProportionalHazardsReason = "cox.zph needs each event's scaled Schoenfeld residual, which a fit from per-time sums does not see";

    /// <summary>Fits the model whose sums <paramref name="sumsAt"/> gives at each β.</summary>
    /// <param name="columns">The design columns, in the order of the sums' x.</param>
    /// <param name="stratified">Whether the sums have a baseline hazard per stratum.</param>
    /// <param name="options">Ties (Efron or Breslow), level and iterations; not robust, no cause of interest.</param>
    /// <param name="sumsAt">The sums at a β, awaited (no thread is held while the data side computes them); its exceptions end the fit.</param>
    /// <exception cref="InputRuleException">
    /// Exact ties, robust variance or a cause of interest asked; sums of the wrong width; sums whose rows, events or
    /// event weight changed between steps; no events.
    /// </exception>
    public static async Task<CoxModel> FitAsync(IReadOnlyList<CoxSumsColumn> columns, bool stratified, CoxRegressionOptions options, Func<double[], ValueTask<CoxTimeSums>> sumsAt)
    {
        ArgumentNullException.ThrowIfNull(columns);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sumsAt);
        if (options.Ties == TieMethod.Exact) throw new InputRuleException("ties", TiesRequirement);
        if (options.Robust) throw new InputRuleException("robust", "is not available for a fit from sums: the sandwich sums each subject's score residuals");
        if (options.CauseOfInterest is not null) throw new InputRuleException("cause_of_interest", "is not available for a fit from sums");
        if (options.MaxIterations < 1) throw new InputRuleException("max_iterations", CoxRegressionRules.MaxIterationsRequirement);
        var m = columns.Count;
        if (m == 0) throw new InputRuleException("terms", "must name at least one covariate or factor");

        (long Rows, long Events, double EventWeight)? first = null;
        var engineOptions = new CoxEngine.Options(options.Ties, options.ConfidenceLevel, Robust: false, options.MaxIterations);
        var fit = await CoxEngine.IterateAsync(m, async (beta, into) =>
        {
            var sums = await sumsAt(beta).ConfigureAwait(false);
            if (sums.Width != m) throw new InputRuleException("sums", $"must be for {m} design columns; they are for {sums.Width}");
            var totals = Totals(sums);
            first ??= totals;
            if (totals.Rows != first.Value.Rows || totals.Events != first.Value.Events ||
                Math.Abs(totals.EventWeight - first.Value.EventWeight) > 1e-9 * Math.Abs(first.Value.EventWeight))
                throw new InputRuleException("sums", $"changed between steps: {totals.Rows} rows, {totals.Events} events and event weight {totals.EventWeight:R} " +
                    $"where the first step had {first.Value.Rows}, {first.Value.Events} and {first.Value.EventWeight:R}; the data changed during the fit");
            CoxTimeSumsLikelihood.Evaluate(sums, beta, options.Ties, into);
        }, engineOptions).ConfigureAwait(false);
        var coefficients = columns.Select(c => new CoxCoefficient(c.Term, c.Level, c.ReferenceLevel, CoxCoefficientEstimate.NotEstimable(""))).ToArray();
        var estimates = CoxEngine.Estimate(fit, coefficients, [.. coefficients.Select(c => c.Name)], engineOptions, naive => naive);
        var model = estimates.Model with
        {
            Stratified = stratified,
            Subjects = checked((int)first!.Value.Rows),
            Events = checked((int)first.Value.Events),
        };
        return options.TestProportionalHazards ? model with { ProportionalHazardsNotEstimableReason = ProportionalHazardsReason } : model;
    }

    /// <summary>The rows, events and event weight the sums stand for: the same at every β of one source.</summary>
    private static (long Rows, long Events, double EventWeight) Totals(CoxTimeSums sums)
    {
        long rows = 0, events = 0;
        var eventWeight = 0.0;
        var width = CoxTimeSums.SumWidth(sums.Width);
        for (var g = 0; g < sums.Count; g++)
        {
            if (sums.Role[g] == CoxSumsRole.Entry) continue;
            rows += sums.GroupCount[g];
            if (sums.Role[g] != CoxSumsRole.Event) continue;
            events += sums.GroupCount[g];
            eventWeight += sums.Sums[g * width];
        }
        return (rows, events, eventWeight);
    }
}
