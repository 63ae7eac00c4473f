namespace Survival.Core.Counting;

public sealed partial class CountingTable
{
    /// <summary>What a table merged with others must not have.</summary>
    public const string MergeRequirement = "cannot be combined with another cohort when it has case weights or competing causes";

    /// <summary>
    /// One table of the subjects of several, each cell of each part under the group and stratum <c>Labels</c> gives it:
    /// for example a cohort beside a rebuilt control cohort put in the group "Control", or every study's cells in the
    /// stratum of its study. Rows of one new cell and time are summed, as the builder sums them.
    /// </summary>
    /// <exception cref="InputRuleException">A part has case weights or competing causes, which the merge does not carry.</exception>
    public static CountingTable Merge(IReadOnlyList<(CountingTable Table, Func<string, string, (string Group, string Stratum)> Labels)> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var builder = new Builder();
        foreach (var (table, labels) in parts)
        {
            if (table.Weighted) throw new InputRuleException("weight", MergeRequirement);
            if (table.CauseCount > 0) throw new InputRuleException("cause", MergeRequirement);
            for (var s = 0; s < table.StratumCount; s++)
            {
                for (var g = 0; g < table.GroupCount; g++)
                {
                    var cell = table.Cell(s, g);
                    if (cell.Count == 0) continue;
                    var (group, stratum) = labels(table.Groups[g], table.Strata[s]);
                    var target = builder.Cell(group, stratum);
                    for (var j = 0; j < cell.Count; j++) builder.AddCount(target, cell.Times[j], cell.Events[j], cell.Censored[j], cell.Entered[j]);
                }
            }
        }
        return builder.Build();
    }
}
