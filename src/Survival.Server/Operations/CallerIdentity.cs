using System.Security.Claims;

namespace Survival.Server.Operations;

/// <summary>Who a call counts against: the authenticated caller (API key position or JWT subject), else the peer address.</summary>
public static class CallerIdentity
{
    public static string Of(HttpContext context)
    {
        var user = context.User;
        if (user.Identity?.IsAuthenticated == true
            && (user.FindFirst(ClaimTypes.NameIdentifier) ?? user.FindFirst("sub")) is { } subject)
            return "caller:" + subject.Value;
        return "peer:" + (context.Connection.RemoteIpAddress?.ToString() ?? "unknown");
    }
}
