namespace Survival.Core.GroupTests;

/// <summary>How the p-values of a family of comparisons are adjusted for multiplicity, as R's <c>p.adjust</c>.</summary>
public enum PValueAdjustment
{
    /// <summary>Holm's (1979) step-down method, R's default; controls the family-wise error rate.</summary>
    Holm,

    /// <summary>Bonferroni: each p-value times the number of comparisons; controls the family-wise error rate.</summary>
    Bonferroni,

    /// <summary>Benjamini &amp; Hochberg (1995) step-up method (R's "BH"); controls the false discovery rate.</summary>
    BenjaminiHochberg,

    /// <summary>No adjustment.</summary>
    None,
}
