using Grpc.Core;
using Survival.Client;
using Survival.TestSupport;
using Survival.V1;

namespace Survival.Server.Tests.Remote;

/// <summary>
/// A data side that misbehaves ends the remote fit with a status naming what was wrong, never a model: one that closes
/// its stream (ABORTED), answers out of turn or with sums of the wrong shape (INVALID_ARGUMENT), whose rows change
/// between steps (INVALID_ARGUMENT), or is too slow for the call's deadline (DEADLINE_EXCEEDED).
/// </summary>
[Collection(ServerCollection.Name)]
public class RemoteFitFailureTests(ServerFixture server)
{
    private RemoteFits.RemoteFitsClient Client => new(server.Channel);

    private static RemoteCoxModel Model => new() { Terms = { "age" }, Ties = TieMethod.Efron };

    [Fact]
    public async Task A_data_side_that_disconnects_aborts_the_fit()
    {
        // Arrange
        using var call = Client.FitModelRemote();
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Cox = Model });
        Assert.True(await call.ResponseStream.MoveNext());

        // Act: the data side leaves instead of answering the summary.
        await call.RequestStream.CompleteAsync();
        var error = await Assert.ThrowsAsync<RpcException>(() => call.ResponseStream.MoveNext());

        // Assert
        Assert.Equal(StatusCode.Aborted, error.StatusCode);
        Assert.Contains("closed its stream before sending the summary", error.Status.Detail);
    }

    [Fact]
    public async Task A_call_that_does_not_open_with_the_model_is_refused()
    {
        // Arrange
        using var call = Client.FitModelRemote();

        // Act
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Summary = new RemoteSummary { Rows = 1 } });

        // Assert
        await BadRequestAssert.FieldViolationAsync(() => call.ResponseStream.MoveNext(), "message");
    }

    [Fact]
    public async Task Exact_ties_are_refused_before_any_step()
    {
        // Arrange
        using var call = Client.FitModelRemote();

        // Act
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Cox = new RemoteCoxModel { Terms = { "age" }, Ties = TieMethod.Exact } });

        // Assert
        await BadRequestAssert.FieldViolationAsync(() => call.ResponseStream.MoveNext(), "cox.ties");
    }

    [Fact]
    public async Task Sums_of_the_wrong_shape_are_refused_naming_the_field()
    {
        // Arrange: a summary of two rows, then sums with one number too few for one design column.
        using var call = Client.FitModelRemote();
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Cox = Model });
        await call.ResponseStream.MoveNext();
        await call.RequestStream.WriteAsync(new RemoteFitUpload { Summary = new RemoteSummary { Rows = 2, TermMeans = { 60 } } });
        await call.ResponseStream.MoveNext();
        Assert.Equal(RemoteFitStep.StepOneofCase.CoxSums, call.ResponseStream.Current.StepCase);

        // Act
        await call.RequestStream.WriteAsync(new RemoteFitUpload
        {
            CoxSums = new CoxStepSums { Step = 0, Stratum = { 0 }, Time = { 5 }, Role = { CoxSumsRole.Event }, Count = { 2 }, Sums = { 1, 2, 3, 4 } },
        });

        // Assert: 2 + 2p + p(p + 1)/2 = 5 numbers per group for p = 1.
        await BadRequestAssert.FieldViolationAsync(() => call.ResponseStream.MoveNext(), "cox_sums.sums");
    }

    [Fact]
    public async Task A_summary_with_unreadable_rows_is_refused()
    {
        // Arrange: one subject without an age.
        var path = Path.Combine(Path.GetTempPath(), $"remote-unreadable-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "time,status,age\n5,1,60\n8,0,\n9,1,70\n");
        await using var connection = await DuckDbCohort.OpenAsync();

        try
        {
            // Act / Assert
            await BadRequestAssert.FieldViolationAsync(() => RemoteCoxFit.FitAsync(Client, Model,
                DuckDbCohort.CoxSums(path, new CohortColumns { Time = "time", Event = "status" }), SqlDialect.DuckDb, new ConnectionSqlRunner(connection)),
                "summary.unreadable_rows");
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_time_of_0_refuses_a_parametric_fit_but_not_a_cox_fit()
    {
        // Arrange: one subject censored at 0, whose log a log-time family cannot take (survreg refuses it too).
        var path = Path.Combine(Path.GetTempPath(), $"remote-zero-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(path, "time,status,age\n5,1,60\n0,0,65\n9,1,70\n12,0,55\n3,1,72\n");
        var columns = new CohortColumns { Time = "time", Event = "status" };
        await using var connection = await DuckDbCohort.OpenAsync();

        try
        {
            // Act
            var violations = await BadRequestAssert.FieldViolationAsync(() => RemoteParametricFit.FitAsync(Client,
                new RemoteParametricModel { Terms = { "age" }, Distribution = Distribution.Weibull },
                DuckDbCohort.CoxSums(path, columns), SqlDialect.DuckDb, new ConnectionSqlRunner(connection)), "summary.zero_times");
            var cox = await RemoteCoxFit.FitAsync(Client, Model, DuckDbCohort.CoxSums(path, columns), SqlDialect.DuckDb, new ConnectionSqlRunner(connection));

            // Assert
            Assert.Contains(violations.FieldViolations, v => v.Description.Contains("1 rows have a time of 0", StringComparison.Ordinal));
            Assert.Equal(5L, cox.Cox.Subjects);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Rows_that_change_between_steps_stop_the_fit()
    {
        // Arrange: from the second step on, the source has lost a group of rows.
        var set = CoxReferenceSet.Named("lung_age_sex_ecog");
        var path = RemoteCohorts.WriteCsv(set);
        await using var connection = await DuckDbCohort.OpenAsync();
        var runner = new LosingRunner(new ConnectionSqlRunner(connection));

        try
        {
            // Act
            var violations = await BadRequestAssert.FieldViolationAsync(() => RemoteCoxFit.FitAsync(Client, RemoteCohorts.Model(set, "efron"),
                DuckDbCohort.CoxSums(path, RemoteCohorts.Columns(set)), SqlDialect.DuckDb, runner), "cox_sums");

            // Assert
            Assert.Contains(violations.FieldViolations, v => v.Description.Contains("changed between steps", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task The_deadline_stops_the_steps()
    {
        // Arrange: a data side that takes longer than the call may.
        var set = CoxReferenceSet.Named("lung_age_sex_ecog");
        var path = RemoteCohorts.WriteCsv(set);
        await using var connection = await DuckDbCohort.OpenAsync();
        var runner = new SlowRunner(new ConnectionSqlRunner(connection), TimeSpan.FromSeconds(30));

        try
        {
            // Act
            var error = await Assert.ThrowsAnyAsync<Exception>(() => RemoteCoxFit.FitAsync(Client, RemoteCohorts.Model(set, "efron"),
                DuckDbCohort.CoxSums(path, RemoteCohorts.Columns(set)), SqlDialect.DuckDb, runner,
                new CallOptions(deadline: DateTime.UtcNow.AddSeconds(2))));

            // Assert: the deadline, not the 30 s of the slow source, ended the call.
            Assert.True(error is RpcException { StatusCode: StatusCode.DeadlineExceeded } or OperationCanceledException, error.ToString());
            Assert.True(runner.Elapsed < TimeSpan.FromSeconds(20));
        }
        finally
        {
            File.Delete(path);
        }
    }

    /// <summary>Answers the first step whole, then every later one without its last group.</summary>
    private sealed class LosingRunner(ISqlRunner inner) : ISqlRunner
    {
        private int _steps;

        public async Task<IReadOnlyList<object?[]>> RunAsync(string sql, CancellationToken cancellationToken)
        {
            var rows = await inner.RunAsync(sql, cancellationToken);
            if (!sql.Contains("\"risks\"", StringComparison.Ordinal) || _steps++ == 0) return rows;
            return [.. rows.Take(rows.Count - 1)];
        }
    }

    /// <summary>Waits before each step's query, as an overloaded warehouse would, unless the call is cancelled.</summary>
    private sealed class SlowRunner(ISqlRunner inner, TimeSpan delay) : ISqlRunner
    {
        private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();

        public TimeSpan Elapsed => _clock.Elapsed;

        public async Task<IReadOnlyList<object?[]>> RunAsync(string sql, CancellationToken cancellationToken)
        {
            if (sql.Contains("\"risks\"", StringComparison.Ordinal)) await Task.Delay(delay, cancellationToken);
            return await inner.RunAsync(sql, cancellationToken);
        }
    }
}
