namespace Survival.Core.Counting;

/// <summary>What the weight of a log-rank-type test may depend on at one event time, all groups of a stratum pooled.</summary>
/// <param name="AtRisk">n_j, the number at risk at t_j.</param>
/// <param name="Events">d_j, the number of events at t_j.</param>
/// <param name="SurvivalBefore">Ŝ(t_j−) = Π_{t_i &lt; t_j} (1 − d_i/n_i), the pooled Kaplan–Meier just before t_j.</param>
/// <param name="PetoSurvival">S̃(t_j) = Π_{t_i ≤ t_j} (1 − d_i/(n_i + 1)), Peto &amp; Peto's survival estimate.</param>
internal readonly record struct EventTimeSummary(double AtRisk, double Events, double SurvivalBefore, double PetoSurvival);
