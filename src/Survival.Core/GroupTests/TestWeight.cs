namespace Survival.Core.GroupTests;

/// <summary>
/// The weight w_j a weighted log-rank test gives the observed-minus-expected events at each event time t_j
/// (Klein &amp; Moeschberger 2003, §7.3). n_j is the number at risk and d_j the number of events at t_j, all groups
/// pooled within a stratum.
/// </summary>
public enum TestWeight
{
    /// <summary>w = 1: the log-rank (Mantel–Cox) test (Mantel 1966; Peto &amp; Peto 1972), R's <c>survdiff(rho = 0)</c>.</summary>
    LogRank,

    /// <summary>w = n_j: the Gehan–Breslow generalized Wilcoxon test (Gehan 1965; Breslow 1970).</summary>
    GehanBreslow,

    /// <summary>w = √n_j (Tarone &amp; Ware 1977).</summary>
    TaroneWare,

    /// <summary>w = S̃(t_j) = Π_{t_i ≤ t_j} (1 − d_i/(n_i + 1)) (Peto &amp; Peto 1972).</summary>
    PetoPeto,

    /// <summary>w = S̃(t_j)·n_j/(n_j + 1) (Andersen, Borgan, Gill &amp; Keiding 1982).</summary>
    ModifiedPetoPeto,

    /// <summary>
    /// w = Ŝ(t_j−)^p (1 − Ŝ(t_j−))^q with Ŝ the pooled Kaplan–Meier just before t_j (Harrington &amp; Fleming 1982);
    /// p = ρ, q = 0 is R's <c>survdiff(rho = ρ)</c>.
    /// </summary>
    FlemingHarrington,
}
