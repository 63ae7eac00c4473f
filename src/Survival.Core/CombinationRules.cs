using System.Collections.Immutable;
using Survival.Core.Cox;

namespace Survival.Core;

/// <summary>
/// The one table of the combinations of inputs the engine still refuses or leaves out, each because R refuses it too
/// or because no reference exists to check an answer against, with the sentence that says what is allowed. The
/// service's readers and the estimators both read their rule here; <c>docs/methods.md</c> lists the table.
/// </summary>
public static class CombinationRules
{
    /// <summary>What happens to a request that meets the combination.</summary>
    public enum Outcome
    {
        /// <summary>The request is refused (INVALID_ARGUMENT naming the field).</summary>
        Refused,

        /// <summary>The request is answered and the one statistic is absent, with the rule as its reason.</summary>
        Absent,
    }

    /// <summary>One rule.</summary>
    /// <param name="Combination">The combination, in a few words.</param>
    /// <param name="Field">The field a refusal names (as the proto names it).</param>
    /// <param name="Requirement">What is allowed, phrased to follow the field's name.</param>
    /// <param name="Outcome">Whether the request is refused or one statistic is left out.</param>
    public sealed record Rule(string Combination, string Field, string Requirement, Outcome Outcome);

    /// <summary>R's <c>coxph</c> stops with "Case weights are not supported for the exact method" (Fine–Gray models are weighted too).</summary>
    public static Rule ExactTiesWithWeights { get; } = new(
        "exact ties with case weights (or a Fine–Gray model)", "ties",
        "must be Efron or Breslow with case weights: the exact partial likelihood takes none (R's coxph stops with \"Case weights are not supported for the exact method\")",
        Outcome.Refused);

    /// <summary>R's <c>survdiff</c> takes no weights.</summary>
    public static Rule TestsWithWeights { get; } = new(
        "the log-rank family, pairwise and trend tests with case weights", "weights",
        "must be empty or off when subjects have case weights: the log-rank family (R's survdiff) takes no weights; the weighted Cox model's score test is reported instead",
        Outcome.Refused);

    /// <summary>cmprsk's <c>cuminc</c> takes neither delayed entry nor weights: no reference for Gray's test with them.</summary>
    public static Rule GrayTestWithEntryOrWeights { get; } = new(
        "Gray's test with delayed entry or case weights", "gray_tests",
        "is left out when subjects enter late or have case weights: Gray's test (cmprsk's cuminc) is defined for right-censored, unweighted data only, and no reference exists for it otherwise; the cumulative incidence itself is estimated",
        Outcome.Absent);

    /// <summary>Count rows do not link a subject's entry to its exit, which the Aalen–Johansen standard errors need.</summary>
    public static Rule CausesWithEntriesInCountRows { get; } = new(
        "competing causes with entries in count rows", "cohort.counts",
        "cannot combine causes with entered counts: the Aalen–Johansen standard errors need each subject's entry and exit together, which count rows do not link; give the cohort as subjects or columns",
        Outcome.Refused);

    /// <summary>
    /// A stream that gives entry times, case weights, causes or ids only after its first message has had its earlier
    /// subjects counted without them being kept, which the estimators that need each subject's row cannot use.
    /// </summary>
    public static Rule RowsAfterFirstMessage { get; } = new(
        "entry times, case weights, causes or ids first given after a stream's first message", "cohort",
        "must give entry times, case weights, causes and ids from the stream's first message on when the estimates need each subject's row (delayed entry with causes or weights that are not whole, or a subject with several events)",
        Outcome.Refused);

    /// <summary>The concordance's standard error needs each member's entry, which count rows with entries do not give.</summary>
    public static Rule ConcordanceErrorWithEntriesInCountRows { get; } = new(
        "the concordance's standard error from count rows with entries", "concordance_std_error",
        "is left out for count rows with entries: a subject's concordant pairs depend on its entry and its exit together, which count rows do not link",
        Outcome.Absent);

    /// <summary>Turnbull's estimate and the interval-censored tests (npsurv, Sun, Fay–Shaw) take no truncation, weights or causes.</summary>
    public static Rule IntervalsWithEntryWeightsOrCauses { get; } = new(
        "interval-censored subjects with delayed entry, case weights or competing causes", "cohort",
        "cannot be combined with delayed entry, case weights or competing causes: Turnbull's estimate and the interval-censored tests take none of them",
        Outcome.Refused);

    /// <summary>
    /// The small-sample intervals (km.ci) and the simultaneous bands read whole numbers at risk of a right-censored
    /// sample; R's <c>survfit</c> transformations are given instead.
    /// </summary>
    public static Rule SmallSampleWithWeightsEntryOrCauses { get; } = new(
        "small-sample intervals or simultaneous bands with case weights, delayed entry or competing causes", "conf_type",
        "must be one of R's transformations (log, log-log, plain, logit, arcsine) when subjects have case weights, delayed entry or competing causes: the small-sample intervals and simultaneous bands read whole numbers at risk of a right-censored sample",
        Outcome.Refused);

    /// <summary>The exact permutation distribution is enumerated for two groups only.</summary>
    public static Rule ExactPermutationBeyondTwoGroups { get; } = new(
        "the exact permutation distribution for more than two groups", "distribution",
        "must be Monte Carlo (with a number of resamples) or asymptotic for more than two groups: the exact permutation distribution is computed for two groups",
        Outcome.Refused);

    /// <summary>Relabelling subjects who enter late changes who is at risk, so the permutation tests need everyone at risk from the start.</summary>
    public static Rule PermutationWithEntry { get; } = new(
        "exact or Monte Carlo permutation tests with delayed entry", "distribution",
        "must be asymptotic when subjects enter late: relabelling subjects with delayed entry changes who is at risk",
        Outcome.Refused);

    /// <summary>Every rule, in the order <c>docs/methods.md</c> lists them.</summary>
    public static ImmutableArray<Rule> All { get; } =
        [ExactTiesWithWeights, TestsWithWeights, GrayTestWithEntryOrWeights, CausesWithEntriesInCountRows, RowsAfterFirstMessage, ConcordanceErrorWithEntriesInCountRows,
            IntervalsWithEntryWeightsOrCauses, SmallSampleWithWeightsEntryOrCauses, ExactPermutationBeyondTwoGroups, PermutationWithEntry];

    /// <summary>Throws when <paramref name="ties"/> is exact and the rows are weighted.</summary>
    /// <exception cref="InputRuleException">Exact ties with case weights.</exception>
    internal static void CheckCoxTies(ReadOnlyMemory<double> weights, TieMethod ties) => CheckCoxTies(!weights.IsEmpty, ties);

    /// <inheritdoc cref="CheckCoxTies(ReadOnlyMemory{double}, TieMethod)"/>
    internal static void CheckCoxTies(bool weighted, TieMethod ties)
    {
        if (weighted && ties == TieMethod.Exact) throw new InputRuleException(ExactTiesWithWeights.Field, ExactTiesWithWeights.Requirement);
    }
}
