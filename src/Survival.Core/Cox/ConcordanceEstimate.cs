namespace Survival.Core.Cox;

/// <summary>Harrell's concordance with its infinitesimal-jackknife standard error, as R's <c>concordance()</c>.</summary>
/// <param name="Value">C.</param>
/// <param name="StdError">√var(C); null where the members' own pairs are not known (counting-table rows with delayed entry).</param>
/// <param name="Concordant">Concordant pairs.</param>
/// <param name="Discordant">Discordant pairs.</param>
/// <param name="TiedRisk">Comparable pairs with equal risk scores (R's tied.x).</param>
public sealed record ConcordanceEstimate(double Value, double? StdError, double Concordant, double Discordant, double TiedRisk);
