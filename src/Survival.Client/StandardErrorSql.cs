using Survival.V1;

namespace Survival.Client;

/// <summary>
/// The standard error W of a log-location-scale family (log T = η + σW) in SQL: the columns a row's terms need at a
/// standardized point z, and from them log f₀(z) and log S₀(z) with their first and second derivatives in z, which
/// <see cref="ParametricSumsQuery"/> turns into derivatives in η and log σ by the chain rule. Written with exp and ln
/// alone (the normal tail by <see cref="NormalTailSql"/>), every exponential of a number ≥ −300 so that nothing
/// underflows, which PostgreSQL reports as an error: a term below e⁻³⁰⁰ is taken as 0.
/// </summary>
internal abstract class StandardErrorSql
{
    /// <summary>The family's standard error: extreme value (exponential, Weibull), normal, logistic.</summary>
    /// <exception cref="ArgumentException">A family without one location and at most one scale.</exception>
    public static StandardErrorSql Of(Distribution distribution) => distribution switch
    {
        Distribution.Exponential or Distribution.Weibull => new ExtremeValue(),
        Distribution.LogNormal => new Gaussian(),
        Distribution.LogLogistic => new Logistic(),
        _ => throw new ArgumentException(ParametricSumsQuery.DistributionRequirement),
    };

    /// <summary>The helper columns at z, named with <paramref name="suffix"/>: each list one SELECT's new columns, in order.</summary>
    public abstract IReadOnlyList<IReadOnlyList<string>> Columns(SqlText sql, string z, string suffix);

    /// <summary>log f₀(z), d/dz, d²/dz² from the helper columns.</summary>
    public abstract (string Value, string First, string Second) LogDensity(SqlText sql, string z, string suffix);

    /// <summary>log S₀(z), d/dz, d²/dz² from the helper columns.</summary>
    public abstract (string Value, string First, string Second) LogSurvival(SqlText sql, string z, string suffix);

    /// <summary>log f₀ = z − eᶻ (1 − eᶻ, −eᶻ); log S₀ = −eᶻ (−eᶻ, −eᶻ).</summary>
    private sealed class ExtremeValue : StandardErrorSql
    {
        public override IReadOnlyList<IReadOnlyList<string>> Columns(SqlText sql, string z, string suffix) =>
            [[$"CASE WHEN {z} < -300 THEN 0 ELSE exp({z}) END AS {sql.Quote("ez" + suffix)}"]];

        public override (string, string, string) LogDensity(SqlText sql, string z, string suffix)
        {
            var ez = sql.Quote("ez" + suffix);
            return ($"{z} - {ez}", $"1 - {ez}", $"-{ez}");
        }

        public override (string, string, string) LogSurvival(SqlText sql, string z, string suffix)
        {
            var ez = sql.Quote("ez" + suffix);
            return ($"-{ez}", $"-{ez}", $"-{ez}");
        }
    }

    /// <summary>
    /// log f₀ = −z²/2 − ln √(2π) (−z, −1); log S₀ = log Φ(−z) (−λ, λ(z − λ)), λ the inverse Mills ratio
    /// (<see cref="NormalTailSql"/>).
    /// </summary>
    private sealed class Gaussian : StandardErrorSql
    {
        public override IReadOnlyList<IReadOnlyList<string>> Columns(SqlText sql, string z, string suffix)
        {
            var (y, r, s) = (sql.Quote("ny" + suffix), sql.Quote("nr" + suffix), sql.Quote("ns" + suffix));
            return
            [
                [$"{NormalTailSql.Argument(z)} AS {y}"],
                [$"{NormalTailSql.Ratio(y)} AS {r}"],
                [$"{NormalTailSql.LogSurvival(y, r)} AS {s}"],
                [$"{NormalTailSql.InverseMills(z, y, r, s)} AS {sql.Quote("nl" + suffix)}"],
            ];
        }

        public override (string, string, string) LogDensity(SqlText sql, string z, string suffix) =>
            ($"-({z} * {z}) / 2 - {CoxSumsQuery.Number(0.5 * Math.Log(2 * Math.PI))}", $"-{z}", "-1");

        public override (string, string, string) LogSurvival(SqlText sql, string z, string suffix)
        {
            var lambda = sql.Quote("nl" + suffix);
            return (sql.Quote("ns" + suffix), $"-{lambda}", $"{lambda} * ({z} - {lambda})");
        }
    }

    /// <summary>
    /// With a = e^{−|z|}, S₀ and F₀ = 1 − S₀ as a/(1 + a) and 1/(1 + a) by the sign of z, and l = log(1 + a):
    /// log f₀ = −|z| − 2l (S₀ − F₀, −2S₀F₀); log S₀ = −z⁺ − l (−F₀, −S₀F₀). l by Kahan's log1p, log(1 + a)·a/((1 + a) − 1),
    /// exact where 1 + a rounds.
    /// </summary>
    private sealed class Logistic : StandardErrorSql
    {
        public override IReadOnlyList<IReadOnlyList<string>> Columns(SqlText sql, string z, string suffix)
        {
            var a = sql.Quote("la" + suffix);
            return
            [
                [$"CASE WHEN abs({z}) > 300 THEN 0 ELSE exp(-abs({z})) END AS {a}"],
                [
                    $"CASE WHEN {z} > 0 THEN {a} / (1 + {a}) ELSE 1 / (1 + {a}) END AS {sql.Quote("ls" + suffix)}",
                    $"CASE WHEN {z} > 0 THEN 1 / (1 + {a}) ELSE {a} / (1 + {a}) END AS {sql.Quote("lf" + suffix)}",
                    $"CASE WHEN 1 + {a} = 1 THEN {a} ELSE ln(1 + {a}) * {a} / ((1 + {a}) - 1) END AS {sql.Quote("ll" + suffix)}",
                ],
            ];
        }

        public override (string, string, string) LogDensity(SqlText sql, string z, string suffix)
        {
            var (s, f, l) = (sql.Quote("ls" + suffix), sql.Quote("lf" + suffix), sql.Quote("ll" + suffix));
            return ($"-abs({z}) - 2 * {l}", $"{s} - {f}", $"-2 * {s} * {f}");
        }

        public override (string, string, string) LogSurvival(SqlText sql, string z, string suffix)
        {
            var (s, f, l) = (sql.Quote("ls" + suffix), sql.Quote("lf" + suffix), sql.Quote("ll" + suffix));
            return ($"CASE WHEN {z} > 0 THEN -{z} - {l} ELSE -{l} END", $"-{f}", $"-{s} * {f}");
        }
    }
}
