using System.Globalization;

namespace Survival.Core.Reconstruction;

/// <summary>
/// The rules a <see cref="PublishedCurve"/> must meet, each stated once: the rebuild enforces them, and a transport
/// layer reads every violation from here to name its fields. Inputs are named as the curve's members, in snake case
/// (<c>points[3].survival</c>, <c>at_risk[2].at_risk</c>, <c>subjects</c>, <c>total_events</c>).
/// </summary>
public static class PublishedCurveRules
{
    /// <summary>
    /// How far a reader's survival may be off, as a proportion: two percentage points, several pixels on a printed axis.
    /// A table of numbers at risk is rejected only when it needs the curve to be read worse than this.
    /// </summary>
    public const double ReadingTolerance = 0.02;

    /// <summary>The most points read off one arm: a digitiser's densest trace of a figure stays far below.</summary>
    public const int MaxPoints = 100_000;

    /// <summary>The most patients of one arm: the rebuilt cohort is returned patient by patient.</summary>
    public const int MaxSubjects = 1_000_000;

    /// <summary>What a digitised survival must be.</summary>
    public const string SurvivalRequirement = "must be a proportion in [0, 1] (divide percentages by 100)";

    /// <summary>Every violation of <paramref name="curve"/>, in the order of its members.</summary>
    public static IReadOnlyList<(string Input, string Requirement)> Violations(PublishedCurve curve, MonotoneFix fix = MonotoneFix.IsotonicRegression)
    {
        ArgumentNullException.ThrowIfNull(curve);
        var violations = Basic(curve);
        if (violations.Count == 0) violations.AddRange(AgainstTheCurve(curve, fix));
        return violations;
    }

    /// <summary>Throws for the first violation of <paramref name="curve"/>.</summary>
    /// <exception cref="InputRuleException">A rule is broken.</exception>
    public static void Check(PublishedCurve curve, MonotoneFix fix)
    {
        var violations = Violations(curve, fix);
        if (violations.Count > 0) throw new InputRuleException(violations[0].Input, violations[0].Requirement);
    }

    /// <summary>The rules each value meets alone or with its neighbour in the table.</summary>
    internal static List<(string Input, string Requirement)> Basic(PublishedCurve curve)
    {
        var violations = new List<(string, string)>();
        var points = curve.Points.IsDefault ? [] : curve.Points;
        if (points.Length < 2) violations.Add(("points", "must hold at least two points read off the curve"));
        if (points.Length > MaxPoints) violations.Add(("points", $"must hold at most {MaxPoints} points"));
        for (var i = 0; i < points.Length; i++)
        {
            if (!InputRules.IsTime(points[i].Time)) violations.Add(($"points[{i}].time", InputRules.TimeRequirement));
            if (!(points[i].Survival is >= 0 and <= 1)) violations.Add(($"points[{i}].survival", SurvivalRequirement));
        }

        var table = curve.AtRisk.IsDefault ? [] : curve.AtRisk;
        for (var i = 0; i < table.Length; i++)
        {
            if (!InputRules.IsTime(table[i].Time)) violations.Add(($"at_risk[{i}].time", InputRules.TimeRequirement));
            else if (i > 0 && InputRules.IsTime(table[i - 1].Time) && table[i].Time <= table[i - 1].Time)
                violations.Add(($"at_risk[{i}].time", $"must be later than at_risk[{i - 1}].time ({Number(table[i - 1].Time)}): list the table's columns in order"));
            if (table[i].AtRisk < 0) violations.Add(($"at_risk[{i}].at_risk", "must be a whole number ≥ 0"));
            else if (i > 0 && table[i].AtRisk > table[i - 1].AtRisk)
                violations.Add(($"at_risk[{i}].at_risk", $"must not exceed at_risk[{i - 1}].at_risk ({table[i - 1].AtRisk}): the number at risk can only fall over time"));
        }
        if (table.Length > 0 && table[0].AtRisk < 1 && (table[0].Time == 0 || curve.Subjects is null))
            violations.Add(("at_risk[0].at_risk", "must be at least 1: somebody must be at risk at the start"));
        if (table.Length > 0 && table[0].AtRisk > MaxSubjects) violations.Add(("at_risk[0].at_risk", $"must be at most {MaxSubjects}"));

        if (curve.Subjects is { } subjects)
        {
            if (subjects is < 1 or > MaxSubjects) violations.Add(("subjects", $"must be from 1 to {MaxSubjects}"));
            else if (table.Length > 0 && table[0].Time == 0 && subjects != table[0].AtRisk)
                violations.Add(("subjects", $"must equal at_risk[0].at_risk ({table[0].AtRisk}), the number at risk at time 0, or be absent"));
            else if (table.Length > 0 && subjects < table[0].AtRisk)
                violations.Add(("subjects", $"must be at least at_risk[0].at_risk ({table[0].AtRisk}): patients at 0 cannot be fewer than those at risk later"));
        }
        else if (table.Length == 0)
            violations.Add(("subjects", "is required without a table of numbers at risk: give the number of patients at time 0"));

        if (curve.TotalEvents is { } events)
        {
            var patients = curve.Subjects ?? (table.Length > 0 && table[0].Time == 0 ? table[0].AtRisk : (int?)null);
            if (events < 0) violations.Add(("total_events", "must be a whole number ≥ 0"));
            else if (patients is { } n && events > n) violations.Add(("total_events", $"must be at most the number of patients ({n})"));
        }
        return violations;
    }

    /// <summary>
    /// The table against the curve: between two columns (t_a, n_a) and (t_b, n_b) the curve falls from S(t_a−) to
    /// S(t_b−), and at most n_a·S(t_b−)/S(t_a−) patients can remain (all censoring after the deaths); with the reading
    /// tolerance δ and one patient for rounding, a column is rejected when n_b > n_a·min(1, (S(t_b−) + δ)/S(t_a−)) + 1.
    /// </summary>
    private static IEnumerable<(string, string)> AgainstTheCurve(PublishedCurve curve, MonotoneFix fix)
    {
        var prepared = PreparedCurve.From(curve, fix);
        var offset = prepared.Intervals - curve.AtRisk.Length;
        for (var row = 1; row < prepared.Intervals; row++)
        {
            double before = prepared.Survival[prepared.IntervalStart[row - 1]], after = prepared.Survival[prepared.IntervalStart[row]];
            int from = prepared.AtRisk[row - 1], to = prepared.AtRisk[row];
            var most = before > 0 ? from * Math.Min(1, (after + ReadingTolerance) / before) + 1 : 0;
            if (to <= most) continue;
            var previous = row - 1 - offset < 0
                ? $"{(curve.Subjects is null ? "the patients inferred at 0" : "subjects")} ({from} at 0)"
                : $"at_risk[{row - 1 - offset}] ({from} at {Number(prepared.AtRiskTimes[row - 1])})";
            yield return ($"at_risk[{row - offset}].at_risk",
                $"cannot follow {previous}: the curve falls from {Number(before)} to {Number(after)} between them, so at most " +
                $"{Math.Floor(most).ToString(CultureInfo.InvariantCulture)} can remain at risk at {Number(prepared.AtRiskTimes[row])}");
        }
    }

    private static string Number(double value) => value.ToString("0.###", CultureInfo.InvariantCulture);
}
