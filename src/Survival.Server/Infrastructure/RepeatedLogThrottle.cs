using System.Collections.Concurrent;

namespace Survival.Server.Infrastructure;

/// <summary>
/// Kestrel logs a protocol error for every connection and stream it happens on, with the exception's stack trace: an
/// HTTP/2 rapid reset made it write thousands of critical entries. This wraps every logging provider so that an entry
/// of Kestrel's categories (<c>Microsoft.AspNetCore.Server.Kestrel*</c>) repeating the same event and the same exception
/// type and message is written once per <c>Survival:Logging:RepeatIntervalSeconds</c> (default 60), with the exception's
/// type and message but not its stack trace; the first one after the interval says how many were left out.
/// Everything else passes unchanged.
/// </summary>
public static class RepeatedLogThrottle
{
    private const string Throttled = "Microsoft.AspNetCore.Server.Kestrel";

    public static ILoggingBuilder AddRepeatedLogThrottle(this ILoggingBuilder logging, IConfiguration configuration)
    {
        var interval = TimeSpan.FromSeconds(Math.Max(1, configuration.GetValue("Survival:Logging:RepeatIntervalSeconds", 60.0)));
        var services = logging.Services;
        for (var i = 0; i < services.Count; i++)
        {
            var provider = services[i];
            if (provider.ServiceType != typeof(ILoggerProvider) || provider.IsKeyedService) continue;
            services[i] = ServiceDescriptor.Singleton<ILoggerProvider>(s => new Provider(Create(s, provider), interval));
        }
        return logging;
    }

    private static ILoggerProvider Create(IServiceProvider services, ServiceDescriptor descriptor) =>
        (ILoggerProvider)(descriptor.ImplementationInstance
            ?? descriptor.ImplementationFactory?.Invoke(services)
            ?? ActivatorUtilities.CreateInstance(services, descriptor.ImplementationType!));

    private sealed class Provider(ILoggerProvider inner, TimeSpan interval) : ILoggerProvider, ISupportExternalScope
    {
        /// <summary>Beyond this many distinct repeating entries, new ones are written as they come (no attacker can grow the table).</summary>
        private const int MaxTracked = 1000;

        private readonly ConcurrentDictionary<(string, int, string?, string?), Repeats> _repeats = new();

        public ILogger CreateLogger(string categoryName)
        {
            var logger = inner.CreateLogger(categoryName);
            return categoryName.StartsWith(Throttled, StringComparison.Ordinal) ? new Logger(logger, categoryName, this) : logger;
        }

        public void SetScopeProvider(IExternalScopeProvider scopeProvider) => (inner as ISupportExternalScope)?.SetScopeProvider(scopeProvider);

        public void Dispose() => inner.Dispose();

        /// <summary>Whether to write this occurrence, and how many like it were left out since the last one written.</summary>
        public bool Write((string, int, string?, string?) key, out long leftOut)
        {
            leftOut = 0;
            if (!_repeats.TryGetValue(key, out var repeats))
            {
                if (_repeats.Count >= MaxTracked) return true;
                repeats = _repeats.GetOrAdd(key, _ => new Repeats());
            }
            return repeats.Write(interval, out leftOut);
        }
    }

    private sealed class Repeats
    {
        private DateTime _written = DateTime.MinValue;
        private long _leftOut;

        public bool Write(TimeSpan interval, out long leftOut)
        {
            lock (this)
            {
                var now = DateTime.UtcNow;
                if (now - _written < interval)
                {
                    _leftOut++;
                    leftOut = 0;
                    return false;
                }
                (_written, leftOut, _leftOut) = (now, _leftOut, 0);
                return true;
            }
        }
    }

    private sealed class Logger(ILogger inner, string category, Provider provider) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => inner.BeginScope(state);

        public bool IsEnabled(LogLevel logLevel) => inner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!inner.IsEnabled(logLevel)) return;
            if (!provider.Write((category, eventId.Id, exception?.GetType().FullName, exception?.Message), out var leftOut)) return;
            var cause = exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})";
            var repeats = leftOut > 0 ? $" [{leftOut} more like this were not logged]" : "";
            inner.Log(logLevel, eventId, state, null, (s, _) => formatter(s, exception) + cause + repeats);
        }
    }
}
