namespace Survival.Core.Regression;

/// <summary>One column of a Cox design matrix.</summary>
/// <param name="Term">The index of the term it belongs to.</param>
/// <param name="TermName">The term's name.</param>
/// <param name="Level">The factor level it indicates; empty for a numeric term.</param>
/// <param name="LevelIndex">The level's index in the factor; −1 for a numeric term.</param>
/// <param name="ReferenceLevel">The factor's reference (first) level; empty for a numeric term.</param>
internal sealed record CoxDesignColumn(int Term, string TermName, string Level, int LevelIndex, string ReferenceLevel);
