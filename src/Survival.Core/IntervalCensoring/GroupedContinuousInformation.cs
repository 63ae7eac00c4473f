using Survival.Core.Numerics;

namespace Survival.Core.IntervalCensoring;

/// <summary>
/// The efficient information for β of the grouped continuous model at (β = 0, Ŝ): what the score-test form of the
/// interval-censored rank tests divides by.
/// </summary>
/// <remarks>
/// ℓ(β, S) = Σ_i w_i log[S_β(L_i | z_i) − S_β(R_i | z_i)] with z_i the indicators of groups 2..k and S the null survival at
/// the right end of each interval with mass but the last (where it is 0). At β = 0, with P_i = S(L_i) − S(R_i),
/// c_i = (Ṡ_L − Ṡ_R)/P_i and v_i = e_{L_i} − e_{R_i} (the positions of S(L_i), S(R_i) among the parameters):
/// <code>
/// H_ββ[g, g] = Σ_{i∈g} w_i [(S̈_L − S̈_R)/P_i − c_i²]
/// H_βS[g, j] = Σ_{i∈g} w_i [(∂Ṡ_L/∂S_j − ∂Ṡ_R/∂S_j)/P_i − c_i v_ij/P_i]
/// H_SS       = −M,   M = Σ_i w_i v_i v_iᵀ / P_i²     (S_β is S itself at β = 0, so P_i is linear in S)
/// I          = −H_ββ − H_βS M⁻¹ H_Sβ
/// </code>
/// The information does not depend on how the nuisance parameters are written, so S itself is used (interval's
/// <c>icScoreTest</c> writes them per model); then M pairs each row's two positions only and is solved by the envelope
/// Cholesky factorization, and Sun's dependence of Ṡ_k on every earlier S_j (∂Ṡ_k/∂S_j = S_k u_j) is summed from the end.
/// The tests check it against a numerical Hessian of the likelihood itself computed in R.
/// </remarks>
internal static class GroupedContinuousInformation
{
    /// <summary>I, (k − 1)² row-major over groups 2..k; null when M is not positive definite.</summary>
    public static double[]? Compute(NullSurvival fit, ScoredRows rows, RankScoreModel model, int groups)
    {
        var q = groups - 1;
        // Parameters: positions 0..K−2 (S_{K−1} = 0 is fixed, as is S = 1 at position −1).
        var parameters = fit.Count - 1;
        var hBetaBeta = new double[q];
        var hBetaS = new double[q, Math.Max(parameters, 0)];
        var tailLeft = new double[q, fit.Count];
        var tailRight = new double[q, fit.Count];
        var envelope = new int[Math.Max(parameters, 0)];
        for (var j = 0; j < parameters; j++) envelope[j] = j;
        for (var i = 0; i < rows.Count; i++)
        {
            var (l, r) = (rows.LeftPosition[i], rows.RightPosition[i]);
            if (IsParameter(l, parameters) && IsParameter(r, parameters) && l < envelope[r]) envelope[r] = l;
        }
        var offset = new int[parameters];
        var length = 0;
        for (var j = 0; j < parameters; j++)
        {
            offset[j] = length;
            length += j - envelope[j] + 1;
        }
        var m = new double[length];

        for (var i = 0; i < rows.Count; i++)
        {
            var (l, r, w, p) = (rows.LeftPosition[i], rows.RightPosition[i], rows.Weight[i], rows.Probability[i]);
            var curvature = w / (p * p);
            if (IsParameter(l, parameters)) m[offset[l] + l - envelope[l]] += curvature;
            if (IsParameter(r, parameters)) m[offset[r] + r - envelope[r]] += curvature;
            if (IsParameter(l, parameters) && IsParameter(r, parameters)) m[offset[r] + l - envelope[r]] -= curvature;

            var g = rows.Group[i] - 1;
            if (g < 0) continue;
            var c = rows.Score(model, i);
            hBetaBeta[g] += w * ((model.Second[l + 1] - model.Second[r + 1]) / p - c * c);
            if (IsParameter(l, parameters)) hBetaS[g, l] += w * (model.Diagonal[l + 1] - c) / p;
            if (IsParameter(r, parameters)) hBetaS[g, r] += w * (c - model.Diagonal[r + 1]) / p;
            if (l >= 0) tailLeft[g, l] += w * model.Tail[l + 1] / p;
            if (r >= 0) tailRight[g, r] += w * model.Tail[r + 1] / p;
        }
        // Sun's Ṡ at a position depends on S at every earlier position j through S_pos u_j: Σ over later positions.
        for (var g = 0; g < q; g++)
        {
            var later = 0.0;
            for (var j = fit.Count - 1; j >= 0; j--)
            {
                if (j < parameters) hBetaS[g, j] += model.Coupling[j] * later;
                later += tailLeft[g, j] - tailRight[g, j];
            }
        }

        var cholesky = new SkylineCholesky(envelope, offset, m);
        if (parameters > 0 && cholesky.Factorize() >= 0) return null;
        var information = new double[q * q];
        for (var h = 0; h < q; h++)
        {
            var solved = new double[parameters];
            for (var j = 0; j < parameters; j++) solved[j] = hBetaS[h, j];
            if (parameters > 0) cholesky.Solve(solved);
            for (var g = 0; g < q; g++)
            {
                var quadratic = 0.0;
                for (var j = 0; j < parameters; j++) quadratic += hBetaS[g, j] * solved[j];
                information[g * q + h] = (g == h ? -hBetaBeta[g] : 0) - quadratic;
            }
        }
        return information;
    }

    private static bool IsParameter(int position, int parameters) => position >= 0 && position < parameters;
}
