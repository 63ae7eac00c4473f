using System.Globalization;
using DuckDB.NET.Data;
using MathNet.Numerics;

namespace Survival.Client.Tests;

/// <summary>
/// Cody's erfc in SQL (<see cref="NormalTailSql"/>), run in embedded DuckDB on z from −40 to 40 by 0.05 and at the
/// approximation's boundaries, against MathNet's erfc: log S₀(z) = log(erfc(z/√2)/2) and λ = φ/S₀, and beyond z = 30,
/// where MathNet's erfc nears underflow, against the Mills ratio's continued fraction S₀/φ = 1/(z + 1/(z + 2/(z + …)))
/// (Abramowitz &amp; Stegun 26.2.14).
/// </summary>
public class NormalTailSqlTests
{
    private static readonly double Root2 = Math.Sqrt(2);

    private static IEnumerable<double> Grid()
    {
        for (var i = -800; i <= 800; i++) yield return i / 20.0;
        foreach (var y in new[] { 0.46875, 4, 6 })
            foreach (var side in new[] { -1e-12, 0, 1e-12 })
                foreach (var sign in new[] { -1, 1 }) yield return sign * (y + side) * Root2;
        yield return -30 - 1e-9;
        yield return -30 + 1e-9;
    }

    [Fact]
    public async Task Log_tail_and_inverse_mills_ratio_equal_mathnet_on_minus_40_to_40()
    {
        // Arrange
        var z = Grid().ToArray();
        var (zc, y, r, s) = ("\"z\"", "\"y\"", "\"r\"", "\"s\"");
        var values = string.Join(", ", z.Select(v => $"({v.ToString("R", CultureInfo.InvariantCulture)})"));
        var sql = $"""
            WITH a AS (SELECT CAST(v AS DOUBLE) AS {zc} FROM (VALUES {values}) AS t(v)),
                 b AS (SELECT *, {NormalTailSql.Argument(zc)} AS {y} FROM a),
                 c AS (SELECT *, {NormalTailSql.Ratio(y)} AS {r} FROM b),
                 d AS (SELECT *, {NormalTailSql.LogSurvival(y, r)} AS {s} FROM c)
            SELECT {zc}, {s}, {NormalTailSql.InverseMills(zc, y, r, s)} FROM d ORDER BY {zc}
            """;
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;

        // Act
        var rows = new List<(double Z, double LogS, double Lambda)>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add((reader.GetDouble(0), reader.GetDouble(1), reader.GetDouble(2)));

        // Assert
        Assert.Equal(z.Length, rows.Count);
        var worstLog = 0.0;
        var worstLambda = 0.0;
        foreach (var (at, logS, lambda) in rows)
        {
            var (expectedLog, expectedLambda) = Reference(at);
            // log S₀ relative where it is not near 0; near 0 (z well below 0, S₀ near 1) what is exact is S₀ itself.
            var logError = Math.Abs(logS - expectedLog) / Math.Max(Math.Abs(expectedLog), 1);
            Assert.True(logError <= 1e-13, $"z = {at:R}: log S₀ {logS:R}, expected {expectedLog:R}");
            worstLog = Math.Max(worstLog, logError);
            // λ below z = −30 is taken as 0 (λ < 1e-195), so that no product of it underflows in PostgreSQL.
            if (at < -30)
            {
                Assert.Equal(0, lambda);
                continue;
            }
            var lambdaError = Math.Abs(lambda - expectedLambda) / expectedLambda;
            Assert.True(lambdaError <= 1e-13, $"z = {at:R}: λ {lambda:R}, expected {expectedLambda:R}");
            worstLambda = Math.Max(worstLambda, lambdaError);
        }
        Assert.True(worstLog > 0 && worstLambda > 0, "the grid compared nothing");
        Console.WriteLine($"normal tail in SQL: worst relative error of log S₀ {worstLog:E2}, of λ {worstLambda:E2}");
    }

    [Fact]
    public async Task The_tail_itself_equals_mathnet_where_it_does_not_underflow()
    {
        // Arrange: S₀ = exp(log S₀) against erfc(z/√2)/2, relative, from z = −40 (S₀ = 1) to z = 37 (S₀ ≈ 6e−300).
        var z = Grid().Where(v => v <= 37).ToArray();
        var values = string.Join(", ", z.Select(v => $"({v.ToString("R", CultureInfo.InvariantCulture)})"));
        var sql = $"""
            WITH a AS (SELECT CAST(v AS DOUBLE) AS "z" FROM (VALUES {values}) AS t(v)),
                 b AS (SELECT *, {NormalTailSql.Argument("\"z\"")} AS "y" FROM a),
                 c AS (SELECT *, {NormalTailSql.Ratio("\"y\"")} AS "r" FROM b)
            SELECT "z", {NormalTailSql.LogSurvival("\"y\"", "\"r\"")} FROM c ORDER BY "z"
            """;
        await using var connection = new DuckDBConnection("Data Source=:memory:");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;

        // Act
        var rows = new List<(double Z, double LogS)>();
        await using (var reader = await command.ExecuteReaderAsync())
            while (await reader.ReadAsync()) rows.Add((reader.GetDouble(0), reader.GetDouble(1)));

        // Assert: the exponential of a log near −700 keeps its absolute error (1e−16 × 700) as a relative one.
        foreach (var (at, logS) in rows)
        {
            var expected = SpecialFunctions.Erfc(at / Root2) / 2;
            var tolerance = 1e-13 * Math.Max(1, Math.Abs(Math.Log(expected)));
            Assert.True(Math.Abs(Math.Exp(logS) - expected) <= tolerance * expected, $"z = {at:R}: S₀ {Math.Exp(logS):R}, expected {expected:R}");
        }
    }

    /// <summary>
    /// log S₀ from MathNet's erfc to z = 30, from the continued fraction beyond; λ = φ/S₀ from MathNet below z = 10 and
    /// from the continued fraction above, where φ/S₀ would be the exponential of a difference of two logs near −z²/2.
    /// </summary>
    private static (double LogS, double Lambda) Reference(double z)
    {
        var logDensity = -z * z / 2 - 0.5 * Math.Log(2 * Math.PI);
        var fraction = z;
        for (var k = 400; k >= 1; k--) fraction = z + k / fraction;
        var logS = z <= 30 ? Math.Log(SpecialFunctions.Erfc(z / Root2) / 2) : logDensity - Math.Log(fraction);
        return (logS, z < 10 ? Math.Exp(logDensity - logS) : fraction);
    }
}
