using System.Net;
using System.Net.Http.Headers;
using System.Security.Claims;
using System.Text;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Reflection.V1Alpha;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Survival.Client;
using Survival.V1;

namespace Survival.Server.Tests.Operations;

/// <summary>API keys and JWT bearer tokens against a real server process, over gRPC, HTTP/JSON and TLS.</summary>
public class AuthenticationTests
{
    private const string Key = "k3y-0f-the-analytics-team";
    private const string Issuer = "https://issuer.test";
    private const string Audience = "survival";
    private static readonly byte[] SigningKey = Encoding.UTF8.GetBytes("a-256-bit-test-signing-key-for-hmac-sha256!");

    private static readonly Dictionary<string, string> ApiKeys = new()
    {
        ["Survival__Auth__ApiKeys__0"] = "another-key",
        ["Survival__Auth__ApiKeys__1"] = Key,
    };

    [Fact]
    public async Task Api_key_is_required_health_stays_open_and_reflection_takes_the_same_credential()
    {
        // Arrange: reflection as by default (Survival:Reflection = Authenticated).
        using var server = await ServerProcess.StartAsync(ApiKeys);
        using var keyed = SurvivalChannel.Create(server.GrpcAddress, Key);
        using var wrong = SurvivalChannel.Create(server.GrpcAddress, Key + "x");

        // Act
        var accepted = await new SurvivalAnalysis.SurvivalAnalysisClient(keyed).EstimateSurvivalAsync(SevenPatients());
        var missing = await Assert.ThrowsAsync<RpcException>(() => Estimate(server.Channel));
        var refused = await Assert.ThrowsAsync<RpcException>(() => Estimate(wrong));
        var health = await new Health.HealthClient(server.Channel).CheckAsync(new HealthCheckRequest());
        var anonymousReflection = await Assert.ThrowsAsync<RpcException>(() => ListServicesAsync(server.Channel));
        var services = await ListServicesAsync(keyed);

        // Assert
        Assert.Equal(14, accepted.Groups.Single().Median.Time);
        Assert.Equal(StatusCode.Unauthenticated, missing.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, refused.StatusCode);
        Assert.DoesNotContain("another-key", refused.Status.Detail + server.Output);
        Assert.DoesNotContain(Key, server.Output);
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.Equal(StatusCode.Unauthenticated, anonymousReflection.StatusCode);
        Assert.Contains("survival.v1.SurvivalAnalysis", services);
    }

    [Theory]
    [InlineData("Open", StatusCode.OK)]
    [InlineData("Off", StatusCode.Unimplemented)]
    public async Task Reflection_can_be_opened_or_turned_off(string access, StatusCode expected)
    {
        // Arrange
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string>(ApiKeys) { ["Survival__Reflection"] = access });
        using var keyed = SurvivalChannel.Create(server.GrpcAddress, Key);

        // Act: without credentials when open; with them when off (it is not served at all).
        var status = StatusCode.OK;
        try
        {
            await ListServicesAsync(access == "Open" ? server.Channel : keyed);
        }
        catch (RpcException exception)
        {
            status = exception.StatusCode;
        }

        // Assert
        Assert.Equal(expected, status);
    }

    [Fact]
    public async Task Http_json_api_takes_the_same_header()
    {
        // Arrange
        using var server = await ServerProcess.StartAsync(ApiKeys);
        using var http = new HttpClient { BaseAddress = server.HttpAddress };
        const string body = """{"cohort": {"subjects": [{"time": 9, "event": true}, {"time": 13}]}}""";

        // Act
        var missing = await http.PostAsync("/v1/survival:estimate", new StringContent(body, Encoding.UTF8, "application/json"));
        using var keyed = new HttpRequestMessage(HttpMethod.Post, "/v1/survival:estimate")
        {
            Content = new StringContent(body, Encoding.UTF8, "application/json"),
            Headers = { Authorization = new AuthenticationHeaderValue("Bearer", Key) },
        };
        var accepted = await http.SendAsync(keyed);

        // Assert
        Assert.Equal(HttpStatusCode.Unauthorized, missing.StatusCode);
        Assert.Equal(HttpStatusCode.OK, accepted.StatusCode);
    }

    [Fact]
    public async Task Jwt_signed_by_the_configured_key_is_accepted_and_others_are_not()
    {
        // Arrange: ASP.NET Core's standard JwtBearer settings, with the signing key given directly (no identity provider).
        using var server = await ServerProcess.StartAsync(new Dictionary<string, string>
        {
            ["Authentication__Schemes__Bearer__ValidAudiences__0"] = Audience,
            ["Authentication__Schemes__Bearer__ValidIssuer"] = Issuer,
            ["Authentication__Schemes__Bearer__SigningKeys__0__Issuer"] = Issuer,
            ["Authentication__Schemes__Bearer__SigningKeys__0__Value"] = Convert.ToBase64String(SigningKey),
        });
        using var valid = SurvivalChannel.Create(server.GrpcAddress, Token(SigningKey, DateTime.UtcNow.AddMinutes(5)));
        using var expired = SurvivalChannel.Create(server.GrpcAddress, Token(SigningKey, DateTime.UtcNow.AddMinutes(-10)));
        using var forged = SurvivalChannel.Create(server.GrpcAddress, Token(Encoding.UTF8.GetBytes("another-256-bit-signing-key-of-an-attacker!"), DateTime.UtcNow.AddMinutes(5)));

        // Act
        var accepted = await Estimate(valid);
        var late = await Assert.ThrowsAsync<RpcException>(() => Estimate(expired));
        var wrong = await Assert.ThrowsAsync<RpcException>(() => Estimate(forged));

        // Assert
        Assert.Equal(14, accepted.Groups.Single().Median.Time);
        Assert.Equal(StatusCode.Unauthenticated, late.StatusCode);
        Assert.Equal(StatusCode.Unauthenticated, wrong.StatusCode);
    }

    [Fact]
    public async Task Tls_from_kestrel_certificate_settings_with_a_private_authority_and_an_api_key()
    {
        // Arrange
        using var certificates = new TestCertificates();
        using var server = await ServerProcess.StartAsync(
            new Dictionary<string, string>(ApiKeys.Concat(certificates.KestrelSettings())), certificateAuthorityFile: certificates.AuthorityPemFile);
        using var keyed = SurvivalChannel.Create(server.GrpcAddress, Key, certificates.AuthorityPemFile);
        using var untrusting = SurvivalChannel.Create(server.GrpcAddress, Key);

        // Act
        var accepted = await Estimate(keyed);
        var untrusted = await Assert.ThrowsAsync<RpcException>(() => Estimate(untrusting));

        // Assert
        Assert.Equal("https", server.GrpcAddress.Scheme);
        Assert.Equal(14, accepted.Groups.Single().Median.Time);
        Assert.Contains("SSL", untrusted.Status.Detail + untrusted.Status.DebugException?.Message);
    }

    private static async Task<List<string>> ListServicesAsync(Grpc.Net.Client.GrpcChannel channel)
    {
        using var reflection = new ServerReflection.ServerReflectionClient(channel).ServerReflectionInfo();
        await reflection.RequestStream.WriteAsync(new ServerReflectionRequest { ListServices = "" });
        await reflection.RequestStream.CompleteAsync();
        Assert.True(await reflection.ResponseStream.MoveNext());
        return [.. reflection.ResponseStream.Current.ListServicesResponse.Service.Select(s => s.Name)];
    }

    private static Task<EstimateSurvivalResponse> Estimate(Grpc.Net.Client.GrpcChannel channel) =>
        new SurvivalAnalysis.SurvivalAnalysisClient(channel).EstimateSurvivalAsync(SevenPatients()).ResponseAsync;

    private static EstimateSurvivalRequest SevenPatients() => new()
    {
        Cohort = Cohorts.Of((9, true), (51, false), (14, true), (8, false), (11, false), (13, false), (10, false)),
    };

    private static string Token(byte[] key, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = Issuer,
        Audience = Audience,
        Subject = new ClaimsIdentity([new Claim("sub", "analytics-service")]),
        NotBefore = expires.AddMinutes(-30),
        Expires = expires,
        SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
    });
}
