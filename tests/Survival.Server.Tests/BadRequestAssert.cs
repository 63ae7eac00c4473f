using Google.Rpc;
using Grpc.Core;

namespace Survival.Server.Tests;

/// <summary>Asserts the one shape every bad input gets: INVALID_ARGUMENT with a BadRequest naming the field.</summary>
public static class BadRequestAssert
{
    public static async Task<BadRequest> FieldViolationAsync(Func<Task> call, string field)
    {
        var exception = await Assert.ThrowsAsync<RpcException>(call);
        Assert.Equal(StatusCode.InvalidArgument, exception.StatusCode);
        var badRequest = exception.GetRpcStatus()?.GetDetail<BadRequest>();
        Assert.NotNull(badRequest);
        Assert.Contains(badRequest.FieldViolations, v => v.Field == field && v.Description.Length > 0);
        return badRequest;
    }
}
