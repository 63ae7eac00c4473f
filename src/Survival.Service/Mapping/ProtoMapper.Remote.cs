using Survival.Core;
using Survival.Core.Cox;
using Survival.Core.Regression;
using Survival.V1;
using CoreSumsRole = Survival.Core.Cox.CoxSumsRole;

namespace Survival.Service.Mapping;

/// <summary>This part: remote fits, whose data side answers each step with sums.</summary>
internal static partial class ProtoMapper
{
    /// <summary>
    /// The design of a checked model and summary, as R's model.matrix builds it: a numeric term centred at its mean, a
    /// factor's levels after the first in R's sort order as indicators centred at their share of the rows.
    /// </summary>
    public static IReadOnlyList<RemoteDesignColumn> ToDesign(RemoteCoxModel model, RemoteSummary summary)
    {
        var columns = new List<RemoteDesignColumn>();
        for (var t = 0; t < model.Terms.Count; t++)
        {
            var term = model.Terms[t];
            var factor = model.Factors.IndexOf(term);
            if (factor < 0)
            {
                columns.Add(new RemoteDesignColumn { Term = term, Centre = summary.TermMeans[t] });
                continue;
            }
            var levels = summary.FactorLevels[factor];
            var ordered = levels.Levels.Zip(levels.Counts).OrderBy(l => l.First, Factor.LevelOrder).ToArray();
            foreach (var (level, count) in ordered.Skip(1))
                columns.Add(new RemoteDesignColumn { Term = term, Level = level, Centre = (double)count / summary.Rows });
        }
        return columns;
    }

    /// <summary>The design's columns as the fit from sums names them.</summary>
    public static IReadOnlyList<CoxSumsColumn> ToSumsColumns(RemoteCoxModel model, RemoteSummary summary, IReadOnlyList<RemoteDesignColumn> design) =>
        [.. design.Select(c => new CoxSumsColumn(c.Term, c.Level, c.Level.Length == 0 ? "" : ReferenceLevel(summary, model.Factors.IndexOf(c.Term))))];

    /// <summary>The summary's strata in R's order of a factor's levels: the order of a parametric fit's scales and their names.</summary>
    public static string[] ToStrata(RemoteSummary summary) => [.. summary.Strata.Order(Factor.LevelOrder)];

    private static string ReferenceLevel(RemoteSummary summary, int factor) => summary.FactorLevels[factor].Levels.Order(Factor.LevelOrder).First();

    public static CoxRegressionOptions ToCoxRegressionOptions(RemoteCoxModel model) =>
        new(ToCore(model.Ties), Level(model.ConfLevel), model.TestProportionalHazards,
            model.MaxIterations == 0 ? CoxRegressionOptions.Default.MaxIterations : model.MaxIterations);

    /// <summary>The step's sums in the engine's terms; INVALID_ARGUMENT naming the field (under <c>cox_sums</c>) when their shape is wrong.</summary>
    public static CoxTimeSums ToCore(CoxStepSums sums, int width, int strata)
    {
        try
        {
            var roles = new CoreSumsRole[sums.Role.Count];
            for (var g = 0; g < roles.Length; g++) roles[g] = (CoreSumsRole)(int)sums.Role[g];
            return new CoxTimeSums(width, strata, [.. sums.Stratum.Select(s => (int)Math.Min(s, int.MaxValue))], [.. sums.Time], roles, [.. sums.Count], [.. sums.Sums]);
        }
        catch (InputRuleException rule)
        {
            throw new InputRuleException($"cox_sums.{rule.Input}", rule.Requirement);
        }
    }

    /// <summary>The fit from sums as FitCoxModel answers, with what it did not compute.</summary>
    public static RemoteFitResult ToRemoteResult(Core.Cox.CoxModel fit, int steps)
    {
        var result = new RemoteFitResult { Cox = ToResponse(fit), Steps = steps };
        result.NotComputed.Add(new NotComputed { Statistic = "concordance", Reason = CoxSumsRegression.ConcordanceReason });
        result.NotComputed.Add(new NotComputed
        {
            Statistic = "robust_variance",
            Reason = "the sandwich sums each subject's score residuals, which a fit from per-time sums does not see",
        });
        if (fit.ProportionalHazardsNotEstimableReason is { } reason)
            result.NotComputed.Add(new NotComputed { Statistic = "proportional_hazards", Reason = reason });
        return result;
    }

    /// <summary>The checked model's options: survreg's iterations, and its predictions as FitParametricModel's.</summary>
    public static Core.Parametric.ParametricOptions ToParametricOptions(RemoteParametricModel model) =>
        ToParametricOptions(model.ConfLevel, model.Profiles, model.Times, model.Quantiles, model.HasHorizon ? model.Horizon : null,
            model.HasRmstTau ? model.RmstTau : null, model.GridPoints) with
        {
            MaxIterations = model.MaxIterations == 0 ? new Core.Parametric.ParametricOptions().MaxIterations : model.MaxIterations,
        };

    /// <summary>The start pass's sums in the engine's terms, one block per stratum (their shape is checked by the fit).</summary>
    public static Core.Parametric.ParametricStartSums ToCore(V1.ParametricStartSums sums, int columns, int strata) => new()
    {
        Columns = columns, Strata = Math.Max(1, strata), Rows = sums.Rows, Events = sums.Events, EventGram = [.. sums.EventGram], EventCross = [.. sums.EventCross],
        CensoredGram = [.. sums.CensoredGram], CensoredCross = [.. sums.CensoredCross], SquaredLogTimes = sums.SquaredLogTimes,
    };

    /// <summary>One step's sums in the engine's terms, for the columns and strata asked (their width is checked by the fit).</summary>
    public static Core.Parametric.ParametricStepSums ToCore(V1.ParametricStepSums sums, int columns, bool freeScale, int strata) => new()
    {
        Columns = columns, FreeScale = freeScale, Strata = Math.Max(1, strata), Rows = sums.Rows, ExactLogTimes = sums.ExactLogTimes, Values = [.. sums.Values],
    };

    private const string LastFollowUpReason = "the data side's summary did not give the largest time (max_time), and the last follow-up is a row's time, which a fit from sums does not see";

    /// <summary>
    /// What the predictions of a fit from sums read of the data: the summary's term means and factor levels (R's order),
    /// the design, the strata, and its largest time as the last follow-up (none from a data side that does not send it).
    /// </summary>
    public static Core.Parametric.ParametricProfileSpace ToProfileSpace(
        RemoteCoxModel terms, RemoteSummary summary, IReadOnlyList<RemoteDesignColumn> design, IReadOnlyList<string> strata) => new()
    {
        Terms = [.. terms.Terms.Select((term, t) => terms.Factors.IndexOf(term) is var factor and >= 0
            ? Core.Parametric.ProfileTerm.OfFactor(term, [.. summary.FactorLevels[factor].Levels.Order(Factor.LevelOrder)])
            : Core.Parametric.ProfileTerm.Numeric(term, summary.TermMeans[t]))],
        Columns = [.. ToSumsColumns(terms, summary, design)],
        Stratified = terms.Stratified,
        StrataLabels = strata.Count == 0 ? [""] : [.. strata],
        LastTime = summary.MaxTime > 0 ? summary.MaxTime : null,
    };

    /// <summary>
    /// The parametric fit from sums as FitParametricModel answers (its predictions those <paramref name="model"/> asked
    /// for), with what it did not compute: without the summary's largest time, the last follow-up, and the curve unless
    /// a horizon was given.
    /// </summary>
    public static RemoteFitResult ToRemoteResult(
        Core.Parametric.ParametricFit fit, RemoteParametricModel model, RemoteSummary summary, long events, long rows, int steps)
    {
        var response = new FitParametricModelResponse { Subjects = rows, Events = events, LastFollowUp = summary.MaxTime };
        response.Fits.Add(ToProto(fit));
        var result = new RemoteFitResult { Parametric = response, Steps = steps };
        if (summary.MaxTime > 0) return result;
        result.NotComputed.Add(new NotComputed { Statistic = "last_follow_up", Reason = LastFollowUpReason });
        if (!model.HasHorizon)
            result.NotComputed.Add(new NotComputed { Statistic = "curve", Reason = $"the curve runs to the last follow-up unless a horizon is given, and {LastFollowUpReason}" });
        return result;
    }
}
