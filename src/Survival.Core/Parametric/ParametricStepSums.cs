namespace Survival.Core.Parametric;

/// <summary>
/// The sums a data side returns at one point (β, log σ) of a log-location-scale model, from which the log-likelihood,
/// score, information and J'J follow without a row: the parametric half of the engine's second seam.
/// </summary>
/// <remarks>
/// With p design columns (the intercept's ones first, the others centred as the service sent them), each row's term
/// gᵢ(ηᵢ, s) at ηᵢ = x̃ᵢ'β and s = log σ of its stratum, its case weight w and its derivatives g_η, g_s, g_ηη, g_ηs, g_ss
/// (<see cref="LocalTerm"/>), a block holds in order:
/// Σ w g; Σ w x g_η (p); the upper triangle of Σ w x x' g_ηη row by row (p(p+1)/2); the same of Σ w x x' g_η²;
/// and, for a family with a free scale (Weibull, log-normal, log-logistic; not the exponential), Σ w x g_ηs (p),
/// Σ w x g_η g_s (p), Σ w g_s, Σ w g_ss, Σ w g_s². <see cref="Values"/> holds one block per stratum, each summed over
/// that stratum's rows. With θ = (β, s₁ … s_S): the score is (Σ_blocks Σ w x g_η, Σ w g_s of each block), the
/// information −(Σ_blocks Σ w x x' g_ηη, block k's Σ w x g_ηs in column s_k; ·, diag(block k's Σ w g_ss)), J'J the same
/// from the products of first derivatives — <see cref="ParametricLikelihood"/>'s stratum sums. Every sum is a plain sum
/// over rows, so partitions' sums add.
/// </remarks>
public sealed record ParametricStepSums
{
    /// <summary>Design columns p, the intercept included.</summary>
    public required int Columns { get; init; }

    /// <summary>Whether the sums include the scale's (the family has a free σ).</summary>
    public required bool FreeScale { get; init; }

    /// <summary>Blocks of sums, one per stratum (1 when not stratified).</summary>
    public int Strata { get; init; } = 1;

    /// <summary>Rows summed over every stratum (the same at every step).</summary>
    public required long Rows { get; init; }

    /// <summary>Σ w log t over the rows with an event (the same at every step): survreg's log-time-scale offset.</summary>
    public required double ExactLogTimes { get; init; }

    /// <summary>The packed sums: <see cref="Strata"/> blocks of <see cref="Width"/>, each in the order of the remarks.</summary>
    public required double[] Values { get; init; }

    /// <summary>How many sums p columns give per block: 1 + p + p(p+1), and 2p + 3 more with a free scale.</summary>
    public static int Width(int columns, bool freeScale) => 1 + columns + columns * (columns + 1) + (freeScale ? 2 * columns + 3 : 0);

    /// <summary>
    /// The log-likelihood, score, information and (when asked) J'J at the point summed, parameters (β, log σ of each
    /// stratum when the scale is free).
    /// </summary>
    internal LikelihoodPoint ToPoint(bool derivatives, bool outer)
    {
        var p = Columns;
        var v = Values;
        var width = Width(p, FreeScale);
        var loglik = 0.0;
        for (var block = 0; block < Strata; block++) loglik += v[block * width];
        if (!derivatives) return new LikelihoodPoint(loglik, null, null, null);
        var k = FreeScale ? 1 : 0;
        var size = p + k * Strata;
        var triangle = p * (p + 1) / 2;
        var score = new double[size];
        var information = new double[size * size];
        var jj = outer ? new double[size * size] : null;
        for (var block = 0; block < Strata; block++)
        {
            var at = block * width;
            var gram = at + 1 + p;
            var outerGram = gram + triangle;
            var mixed = outerGram + triangle;
            var outerMixed = mixed + p;
            var scale = outerMixed + p;
            var sigma = p + block;
            for (int a = 0, t = 0; a < p; a++)
            {
                score[a] += v[at + 1 + a];
                for (var b = a; b < p; b++, t++)
                {
                    information[a * size + b] -= v[gram + t];
                    if (jj is not null) jj[a * size + b] += v[outerGram + t];
                }
                if (k == 0) continue;
                information[a * size + sigma] = information[sigma * size + a] = -v[mixed + a];
                if (jj is not null) jj[a * size + sigma] = jj[sigma * size + a] = v[outerMixed + a];
            }
            if (k == 0) continue;
            score[sigma] = v[scale];
            information[sigma * size + sigma] = -v[scale + 1];
            if (jj is not null) jj[sigma * size + sigma] = v[scale + 2];
        }
        for (var a = 0; a < p; a++)
            for (var b = a + 1; b < p; b++)
            {
                information[b * size + a] = information[a * size + b];
                if (jj is not null) jj[b * size + a] = jj[a * size + b];
            }
        return new LikelihoodPoint(loglik, score, information, jj);
    }
}
