namespace Survival.Server.Security;

/// <summary>The credential of <c>authorization: Bearer &lt;credential&gt;</c>, as gRPC metadata or an HTTP header.</summary>
public static class BearerToken
{
    private const string Prefix = "Bearer ";

    public static string? From(HttpRequest request)
    {
        var header = request.Headers.Authorization.ToString();
        if (!header.StartsWith(Prefix, StringComparison.OrdinalIgnoreCase)) return null;
        var credential = header[Prefix.Length..].Trim();
        return credential.Length == 0 ? null : credential;
    }

    /// <summary>A JSON Web Token has three base64url parts; an API key is sent to the JWT handler only if it looks like one.</summary>
    public static bool LooksLikeJwt(string credential) => credential.Count(c => c == '.') == 2;
}
