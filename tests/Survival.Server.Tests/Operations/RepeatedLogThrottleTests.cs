using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Survival.Server.Infrastructure;

namespace Survival.Server.Tests.Operations;

/// <summary>Kestrel's repeated protocol errors written once per interval, without stack traces; everything else as it comes.</summary>
public class RepeatedLogThrottleTests
{
    [Fact]
    public async Task A_protocol_error_repeated_a_thousand_times_is_written_once_per_interval_without_its_stack_trace()
    {
        // Arrange: a one-second interval, and what the console provider would be given.
        var written = new Capture();
        using var services = new ServiceCollection().AddLogging(logging =>
        {
            logging.AddProvider(written);
            logging.AddRepeatedLogThrottle(new ConfigurationBuilder()
                .AddInMemoryCollection(new Dictionary<string, string?> { ["Survival:Logging:RepeatIntervalSeconds"] = "1" }).Build());
        }).BuildServiceProvider();
        var factory = services.GetRequiredService<ILoggerFactory>();
        var kestrel = factory.CreateLogger("Microsoft.AspNetCore.Server.Kestrel.Http2");
        var service = factory.CreateLogger("Survival.Server.Operations.GracefulShutdown");
        var abort = new IOException("HTTP/2 connection exceeded the output operations maximum queue size.");

        // Act: as a rapid reset makes Kestrel log, once a connection.
        for (var i = 0; i < 1000; i++) kestrel.LogCritical(new EventId(60), abort, "Connection id \"{Id}\" exceeded the output operations maximum queue size.", i);
        for (var i = 0; i < 3; i++) service.LogInformation("not a protocol error {Number}", i);
        await Task.Delay(1100);
        kestrel.LogCritical(new EventId(60), abort, "Connection id \"{Id}\" exceeded the output operations maximum queue size.", 1000);

        // Assert
        var fromKestrel = written.Entries.Where(e => e.Category.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, fromKestrel.Count);
        Assert.All(fromKestrel, e => Assert.Null(e.Exception));
        Assert.Contains("(IOException: HTTP/2 connection exceeded the output operations maximum queue size.)", fromKestrel[0].Message);
        Assert.Contains("[999 more like this were not logged]", fromKestrel[1].Message);
        Assert.Equal(3, written.Entries.Count(e => e.Category.StartsWith("Survival", StringComparison.Ordinal)));
    }

    private sealed record Entry(string Category, string Message, Exception? Exception);

    private sealed class Capture : ILoggerProvider
    {
        public List<Entry> Entries { get; } = [];

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, this);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, Capture capture) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                lock (capture.Entries) capture.Entries.Add(new Entry(category, formatter(state, exception), exception));
            }
        }
    }
}
