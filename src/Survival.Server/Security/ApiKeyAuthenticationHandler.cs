using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.Extensions.Options;

namespace Survival.Server.Security;

/// <summary>
/// Authenticates <c>authorization: Bearer &lt;key&gt;</c> against <see cref="ApiKeyStore"/>. The caller's name is the
/// key's position in the configuration, never the key; the failure message never names a key.
/// </summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    ApiKeyStore keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    protected override Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        if (BearerToken.From(Request) is not { } presented) return Task.FromResult(AuthenticateResult.NoResult());
        var index = keys.Find(presented);
        if (index < 0) return Task.FromResult(AuthenticateResult.Fail("the credential is not valid"));
        var identity = new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, $"api-key-{index}")], Scheme.Name);
        return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), Scheme.Name)));
    }
}
