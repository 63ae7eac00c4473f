using Grpc.Core;
using Survival.Core;
using Survival.Core.Counting;
using Survival.Core.GroupTests;

namespace Survival.Service;

/// <summary>
/// The part of the server's memory budget a call may take for work whose size is known only once its cohort is read:
/// the exact permutation distribution of a group test. The server's budget interceptor puts one in the call's
/// <see cref="ServerCallContext.UserState"/>; an in-process call (the command line) has none and keeps the engine's
/// default limit.
/// </summary>
public interface ICallMemory
{
    /// <summary>The most this call's extra work may take: the budget less what the call holds already.</summary>
    long LimitBytes { get; }

    /// <summary>Holds <paramref name="bytes"/> more for the call, waiting for room as admission does; false when none came in time.</summary>
    Task<bool> HoldAsync(long bytes, CancellationToken cancellationToken);
}

/// <summary>The exact tests' share of the call's memory: estimated, refused or held before any work.</summary>
public static class CallMemory
{
    /// <summary>The key of the call's <see cref="ICallMemory"/> in <see cref="ServerCallContext.UserState"/>.</summary>
    public const string Key = "survival.call-memory";

    private const string BudgetName = "the server's memory budget for one call";

    /// <summary>
    /// The comparison options with the exact distribution's limit set to what the call may take, once its memory is
    /// held; RESOURCE_EXHAUSTED before any work when it would need more than the budget, or when no room comes in time.
    /// </summary>
    /// <exception cref="ResourceLimitException">The exact distribution would need more than the call's share of the budget.</exception>
    public static async Task<GroupComparisonOptions> AdmitExactAsync(CountingTable counts, GroupComparisonOptions options, ServerCallContext context)
    {
        if (options.Distribution != TestDistribution.Exact || !context.UserState.TryGetValue(Key, out var state) || state is not ICallMemory memory)
            return options;
        var limit = memory.LimitBytes;
        var needed = GroupComparison.ExactWorkingBytes(counts, options);
        if (needed > limit) throw new ResourceLimitException("distribution", needed, limit, InputRules.ExactTooLargeAdvice, BudgetName);
        if (!await memory.HoldAsync(needed, context.CancellationToken))
        {
            context.CancellationToken.ThrowIfCancellationRequested();
            throw new RpcException(new Status(StatusCode.ResourceExhausted,
                "distribution: the server's memory budget is in use by other calls: retry later, or ask for the Monte Carlo distribution"));
        }
        return options with { ExactMemoryLimitBytes = limit };
    }
}
