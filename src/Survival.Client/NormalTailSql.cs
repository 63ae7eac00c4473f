using System.Globalization;

namespace Survival.Client;

/// <summary>
/// The standard normal's upper tail in SQL, for engines without erfc (DuckDB; PostgreSQL before 16): log S₀(z) =
/// log Φ(−z) and the inverse Mills ratio λ(z) = φ(z)/Φ(−z), from W. J. Cody's rational Chebyshev approximations of erf
/// and erfc, written with +, −, ×, ÷, exp and ln alone and in log form where S₀ would underflow.
/// </summary>
/// <remarks>
/// W. J. Cody, "Rational Chebyshev approximations for the error function", Math. Comp. 23 (1969) 631–637, with the
/// coefficients of his specfun routine CALERF (netlib.org/specfun/erf). With y = z/√2 (S₀(z) = ½ erfc(y)):
/// <code>
/// |y| ≤ 0.46875:      erf(y) = y·A(y²)/B(y²),                         S₀ = ½(1 − erf(y))
/// 0.46875 &lt; y ≤ 4:   erfc(y) = e^{−y²}·R(y),  R = C(y)/D(y)
/// y &gt; 4:             erfc(y) = e^{−y²}·R(y),  R = (1/√π − u·P(u)/Q(u))/y,  u = 1/y²
/// y &gt; 0.46875:      log S₀ = −y² + ln R − ln 2,   λ = √(2/π)/R   (no exponential: nothing underflows at any z)
/// y &lt; −0.46875:     S₀ = 1 − ½e^{−y²}R(|y|),  taken as 1 below y = −6, where ½e^{−y²}R &lt; 2⁻⁵⁶ rounds away
/// otherwise            λ = exp(−z²/2 − ln √(2π) − log S₀),  taken as 0 below z = −30 (λ &lt; 10⁻¹⁹⁵), so that no
///                      product of it underflows, which PostgreSQL reports as an error
/// </code>
/// The approximations' relative error is below 10⁻¹⁶ on each interval (Cody's tables); computed in double precision the
/// log tail and λ agree with MathNet's erfc to about 10⁻¹⁴ relative on z ∈ [−40, 40] (tests: NormalTailSqlTests).
/// The derivatives follow: (log S₀)′ = −λ, (log S₀)″ = λ(z − λ).
/// </remarks>
internal static class NormalTailSql
{
    /// <summary>Where Cody's small-argument erf gives way to the scaled erfc.</summary>
    private const double Threshold = 0.46875;

    private static readonly double[] A = [3.16112374387056560, 113.864154151050156, 377.485237685302021, 3209.37758913846947, 0.185777706184603153];
    private static readonly double[] B = [23.6012909523441209, 244.024637934444173, 1282.61652607737228, 2844.23683343917062];
    private static readonly double[] C =
        [0.564188496988670089, 8.88314979438837594, 66.1191906371416295, 298.635138197400131, 881.952221241769090, 1712.04761263407058, 2051.07837782607147, 1230.33935479799725, 2.15311535474403846e-8];
    private static readonly double[] D =
        [15.7449261107098347, 117.693950891312499, 537.181101862009858, 1621.38957456669019, 3290.79923573345963, 4362.61909014324716, 3439.36767414372164, 1230.33935480374942];
    private static readonly double[] P = [0.305326634961232344, 0.360344899949804439, 0.125781726111229246, 0.0160837851487422766, 6.58749161529837803e-4, 0.0163153871373020978];
    private static readonly double[] Q = [2.56852019228982242, 1.87295284992346047, 0.527905102951428412, 0.0605183413124413191, 0.00233520497626869185];

    /// <summary>y = z/√2, the argument of erfc.</summary>
    public static string Argument(string z) => $"{z} / {Number(Math.Sqrt(2))}";

    /// <summary>
    /// Cody's ratio at y: erf(y) for |y| ≤ 0.46875, else the scaled erfc R(|y|) = e^{y²} erfc(|y|) (<c>y</c> a column).
    /// </summary>
    public static string Ratio(string y)
    {
        var u = $"({y} * {y})";
        var small = $"{y} * {Horner(u, A[4], A[0], A[1], A[2], A[3])} / {Horner(u, 1, B)}";
        var a = $"abs({y})";
        var middle = $"{Horner(a, C[8], C[0], C[1], C[2], C[3], C[4], C[5], C[6], C[7])} / {Horner(a, 1, D)}";
        var inverse = $"(1 / ({y} * {y}))";
        var large = $"({Number(1 / Math.Sqrt(Math.PI))} - {inverse} * {Horner(inverse, P[5], P[0], P[1], P[2], P[3], P[4])} / {Horner(inverse, 1, Q)}) / {a}";
        return $"CASE WHEN {a} > 4 THEN {large} WHEN {a} > {Number(Threshold)} THEN {middle} ELSE {small} END";
    }

    /// <summary>log S₀(z) from y and the <see cref="Ratio"/> r (columns).</summary>
    public static string LogSurvival(string y, string r) =>
        $"CASE WHEN {y} > {Number(Threshold)} THEN -({y} * {y}) + ln({r}) - {Number(Math.Log(2))}" +
        $" WHEN {y} < -6 THEN 0" +
        $" WHEN {y} < -{Number(Threshold)} THEN ln(1 - 0.5 * exp(-({y} * {y})) * {r})" +
        $" ELSE ln(0.5 * (1 - {r})) END";

    /// <summary>λ(z) = φ(z)/S₀(z) from z, y, the ratio r and log S₀ (columns).</summary>
    public static string InverseMills(string z, string y, string r, string logSurvival) =>
        $"CASE WHEN {y} > {Number(Threshold)} THEN {Number(Math.Sqrt(2 / Math.PI))} / {r}" +
        $" WHEN {z} < -30 THEN 0" +
        $" ELSE exp(-({z} * {z}) / 2 - {Number(0.5 * Math.Log(2 * Math.PI))} - {logSurvival}) END";

    /// <summary>((c₀x + c₁)x + …)x + c_n by Horner's rule: the coefficients highest power first.</summary>
    private static string Horner(string x, double leading, params double[] rest)
    {
        var text = Number(leading) == "1" ? x : $"{Number(leading)} * {x}";
        for (var i = 0; i < rest.Length; i++) text = i == rest.Length - 1 ? $"({text} + {Number(rest[i])})" : $"({text} + {Number(rest[i])}) * {x}";
        return text;
    }

    private static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
