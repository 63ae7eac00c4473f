namespace Survival.Core.Curves;

/// <summary>What the small-sample intervals read off a curve's rows beyond S and se(log S).</summary>
internal static class SmallSampleRows
{
    /// <summary>
    /// The subjects still at risk just after row <paramref name="row"/>'s time: n_j − d_j − c_j, the number at risk on the
    /// whole step (t_j, t_{j+1}) that the row's interval covers (0 after the last row).
    /// </summary>
    public static int AtRiskAfter(KaplanMeierCurve curve, int row) => curve.AtRisk[row] - curve.Events[row] - curve.Censored[row];

    /// <summary>The small-sample intervals read whole counts of a right-censored sample: no case weights, no delayed entry.</summary>
    /// <exception cref="InputRuleException">The curve has case weights or delayed entries.</exception>
    public static void Check(KaplanMeierCurve curve, ConfidenceType type)
    {
        if (curve.Weighted || curve.Entered.Any(e => e > 0))
            throw new InputRuleException(CombinationRules.SmallSampleWithWeightsEntryOrCauses.Field, $"{CombinationRules.SmallSampleWithWeightsEntryOrCauses.Requirement} ({type} was asked for)");
    }
}
