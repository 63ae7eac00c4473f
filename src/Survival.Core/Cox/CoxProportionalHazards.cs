using System.Collections.Immutable;
using Survival.Core.Counting;
using Survival.Core.GroupTests;
using Survival.Core.Inference;
using Survival.Core.Regression;

namespace Survival.Core.Cox;

/// <summary>
/// The Cox proportional hazards model of survival on a group factor, with optional strata, as R's
/// <c>coxph(Surv(time, status) ~ group (+ strata(s)), ties = ...)</c>: the engine's model (<see cref="CoxEngine"/>) on
/// the counting table's cells, each time of a cell one row of all its subjects leaving then, with the group's
/// indicators as covariates — so a registry's model costs its distinct times, not its subjects.
/// </summary>
/// <remarks>
/// The hazard of group g is h₀(t)·exp(β_g) with β = 0 for the reference group (by default the first group, as R's
/// treatment contrasts); with strata each stratum has its own baseline h₀. Everything else — ties, the tests, the
/// monotone likelihood, the concordance — is the engine's. With case weights the likelihood is weighted; whole weights
/// are frequencies, and when a weight is not whole the variance is R's robust sandwich, whose score residuals are the
/// same for every subject of a cell who leaves at one time in one way, so the cells' rows carry them (with Σ w² of
/// their events and censorings). With delayed entry a subject's residual and its concordant pairs depend on its entry
/// too, which the cells do not link: with weights that are not whole the model is then fitted on the cohort's own
/// rows when the table kept them (<see cref="CountingTable.Rows"/>), and the concordance's standard error is left out
/// for count rows (<see cref="CombinationRules.ConcordanceErrorWithEntriesInCountRows"/>). A group with no subject at
/// risk at any event time does not enter the likelihood: as R (which reports NA), its coefficient is not estimable
/// and the model is fitted on the other groups.
/// </remarks>
public static class CoxProportionalHazards
{
    /// <summary>The name of the group factor's coefficients.</summary>
    public const string GroupTerm = "group";

    /// <summary>Fits <c>coxph(Surv(time, status) ~ group (+ strata(s)), ties = ...)</c> with the group as a factor.</summary>
    /// <param name="data">Times and event indicators.</param>
    /// <param name="groups">Each subject's group; at least two groups.</param>
    /// <param name="strata">Each subject's stratum, or null.</param>
    /// <param name="ties">How tied event times are handled; Efron by default, as R.</param>
    /// <param name="referenceGroup">The group the others are compared with; null for the first group.</param>
    /// <param name="level">The confidence level of the hazard-ratio intervals; 0.95 when null.</param>
    /// <exception cref="InputRuleException">Fewer than two groups, a factor that does not match the data, or an unknown reference group.</exception>
    public static CoxModel Fit(
        SurvivalData data,
        Factor groups,
        Factor? strata = null,
        TieMethod ties = TieMethod.Efron,
        string? referenceGroup = null,
        ConfidenceLevel? level = null)
    {
        ArgumentNullException.ThrowIfNull(groups);
        return Fit(CountingTable.FromSubjects(data, groups, strata), strata is not null, ties, referenceGroup, level);
    }

    /// <summary>Fits the model on the groups of a counting table, with its strata when <paramref name="stratified"/>.</summary>
    /// <exception cref="InputRuleException">Fewer than two groups, an unknown reference group or ties method.</exception>
    public static CoxModel Fit(
        CountingTable counts,
        bool stratified,
        TieMethod ties = TieMethod.Efron,
        string? referenceGroup = null,
        ConfidenceLevel? level = null)
    {
        ArgumentNullException.ThrowIfNull(counts);
        var reference = referenceGroup is null ? 0 : counts.IndexOfGroup(referenceGroup, "reference_group");
        return Fit(counts, GroupCells.Of(counts, stratified), reference, ties, level ?? ConfidenceLevel.Default);
    }

    /// <summary>Fits the model on the groups of <paramref name="counts"/>, whose risk sets <paramref name="table"/> are already built.</summary>
    internal static CoxModel Fit(
        CountingTable counts, RiskSets table, int reference, TieMethod ties, ConfidenceLevel level, int maxIterations = CoxNewtonRaphson.DefaultMaxIterations) =>
        Fit(counts, GroupCells.Of(table, counts), reference, ties, level, maxIterations);

    private static CoxModel Fit(
        CountingTable counts, GroupCells table, int reference, TieMethod ties, ConfidenceLevel level, int maxIterations = CoxNewtonRaphson.DefaultMaxIterations)
    {
        if (!Enum.IsDefined(ties)) throw new InputRuleException("ties", "must be a known ties method");
        CombinationRules.CheckCoxTies(counts.Weighted, ties);
        var levels = counts.Groups;
        var k = counts.GroupCount;
        var termGroups = Enumerable.Range(0, k).Where(g => g != reference).ToArray();
        var covariateOf = Enumerable.Repeat(-1, k).ToArray();
        var width = 0;
        foreach (var g in termGroups.Where(g => table.AtRiskAtAnEvent[g])) covariateOf[g] = width++;
        if (table.Events == 0) return NotEstimable(counts, table, reference, ties, termGroups, WeightedLogRank.NoEventsReason);
        if (width == 0) return NotEstimable(counts, table, reference, ties, termGroups, "no group but the reference is at risk at an event time");

        var fitted = termGroups.Where(g => covariateOf[g] >= 0).ToArray();
        var columns = fitted.Select(g => Coefficient(levels[g], levels[reference], CoxCoefficientEstimate.NotEstimable(""))).ToArray();
        var model = CoxEngine.FitModel(RowsOf(counts, table, fitted), columns, [.. fitted.Select(g => levels[g])],
            new CoxEngine.Options(ties, level, counts.RobustVariance, maxIterations));
        return model with
        {
            Stratified = table.Stratified,
            Coefficients = [.. termGroups.Select(g => covariateOf[g] < 0
                ? Coefficient(levels[g], levels[reference], CoxCoefficientEstimate.NotEstimable("no subjects of this group are at risk at any event time"))
                : model.Coefficients[covariateOf[g]])],
            Subjects = table.Subjects,
        };
    }

    /// <summary>
    /// The engine's rows: the cells' rows, or with delayed entry and weights that are not whole — whose robust
    /// variance needs each subject's entry and exit together — the cohort's own rows, which the table then keeps.
    /// </summary>
    private static CoxRows RowsOf(CountingTable counts, GroupCells table, int[] fitted)
    {
        var covariateOf = Enumerable.Repeat(-1, counts.GroupCount).ToArray();
        for (var c = 0; c < fitted.Length; c++) covariateOf[fitted[c]] = c;
        if (!(counts.RobustVariance && table.DelayedEntry)) return CoxRows.OfTable(table.Cells, counts, table.Stratified, covariateOf, fitted.Length);
        var rows = counts.Rows ?? throw new InputRuleException(CombinationRules.RowsAfterFirstMessage.Field, CombinationRules.RowsAfterFirstMessage.Requirement);
        var codes = rows.Groups.Codes;
        var indicators = fitted.Select(g => (CoxCovariate)new NumericCovariate(counts.Groups[g], [.. codes.Select(code => code == g ? 1.0 : 0.0)]));
        var design = CoxDesign.Build([.. indicators], rows.Survival.Count);
        return CoxRows.OfSubjects(rows.Survival, table.Stratified ? rows.Strata : null, rows.Ids, design);
    }

    private static CoxCoefficient Coefficient(string group, string reference, CoxCoefficientEstimate estimate) =>
        new(GroupTerm, group, reference, estimate);

    private static CoxModel NotEstimable(CountingTable counts, GroupCells table, int reference, TieMethod ties, int[] termGroups, string reason)
    {
        var test = ChiSquareTest.NotEstimable(termGroups.Length, reason);
        var levels = counts.Groups;
        return new CoxModel
        {
            Ties = ties,
            Stratified = table.Stratified,
            Coefficients = [.. termGroups.Select(g => Coefficient(levels[g], levels[reference], CoxCoefficientEstimate.NotEstimable(reason)))],
            Variance = [],
            LikelihoodRatio = test,
            Wald = test,
            Score = test,
            Iterations = 0,
            Converged = false,
            NotConvergedReason = reason,
            Subjects = table.Subjects,
            Events = table.Events,
        };
    }

    /// <summary>
    /// What the model reads of the table: its cells (stratum-major, times merged as R's timefix), whether each group is
    /// at risk at an event time of its stratum, and the counts the model reports.
    /// </summary>
    private sealed record GroupCells(EventTable[] Cells, bool Stratified, bool DelayedEntry, bool[] AtRiskAtAnEvent, int Subjects, int Events)
    {
        public static GroupCells Of(RiskSets table, CountingTable counts)
        {
            var atRisk = new bool[table.GroupCount];
            for (var cell = 0; cell < table.CoxAtRisk.Length; cell++) atRisk[cell % table.GroupCount] |= table.CoxAtRisk[cell] > 0;
            return new(table.Cells.Length > 0 ? table.Cells : RiskSets.CellsOf(counts, table.Stratified), table.Stratified, table.DelayedEntry,
                atRisk, table.SubjectCount, table.TotalDeaths.Sum());
        }

        /// <summary>
        /// From the table's cells alone: without delayed entry everyone is at risk from the start, so a group is at risk
        /// at an event time of its stratum when its latest time is at or after the stratum's first event time, and the
        /// risk table is not built; with delayed entry the risk table reads it.
        /// </summary>
        public static GroupCells Of(CountingTable counts, bool stratified)
        {
            RiskSets.CheckGroups(counts);
            var cells = RiskSets.CellsOf(counts, stratified);
            if (cells.Any(cell => cell.Entered.AsSpan().IndexOfAnyExcept(0) >= 0)) return Of(RiskSets.Build(counts, stratified), counts);
            var k = counts.GroupCount;
            var atRisk = new bool[k];
            var (subjects, events) = (0, 0);
            for (var s = 0; s < cells.Length / k; s++)
            {
                var first = double.PositiveInfinity;
                for (var g = 0; g < k; g++)
                {
                    var cell = cells[s * k + g];
                    subjects += cell.Subjects;
                    for (var row = 0; row < cell.Count; row++)
                    {
                        if (cell.Events[row] == 0) continue;
                        first = Math.Min(first, cell.Times[row]);
                        break;
                    }
                    events += cell.Events.Sum();
                }
                for (var g = 0; g < k; g++) atRisk[g] |= cells[s * k + g] is { Count: > 0 } cell && cell.Times[^1] >= first;
            }
            return new(cells, stratified, false, atRisk, subjects, events);
        }
    }
}
