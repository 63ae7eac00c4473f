using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Grpc.Core;
using Grpc.Net.Client;

namespace Survival.Client;

/// <summary>
/// A channel to a Survival server: <c>http://</c> or <c>https://</c>, optionally trusting a private certificate
/// authority (a PEM file) and sending an API key or a JWT as <c>authorization: Bearer</c> on every call.
/// </summary>
public static class SurvivalChannel
{
    /// <summary>Creates the channel; messages of any size are allowed both ways, as registries are large.</summary>
    /// <param name="address">The server's gRPC address, e.g. <c>https://survival.example:5000</c>.</param>
    /// <param name="credential">An API key or a JWT, or null to call without credentials.</param>
    /// <param name="certificateAuthorityFile">A PEM file of the authority that signed the server's certificate, or null for the system's.</param>
    public static GrpcChannel Create(Uri address, string? credential = null, string? certificateAuthorityFile = null)
    {
        var handler = new SocketsHttpHandler { EnableMultipleHttp2Connections = true };
        if (certificateAuthorityFile is not null)
        {
            var authority = X509CertificateLoader.LoadCertificateFromFile(certificateAuthorityFile);
            handler.SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, _, errors) => TrustedBy(authority, certificate, errors),
            };
        }
        var options = new GrpcChannelOptions { HttpHandler = handler, MaxReceiveMessageSize = null, MaxSendMessageSize = null };
        if (!string.IsNullOrEmpty(credential))
        {
            var header = $"Bearer {credential}";
            options.Credentials = ChannelCredentials.Create(
                address.Scheme == Uri.UriSchemeHttps ? ChannelCredentials.SecureSsl : ChannelCredentials.Insecure,
                CallCredentials.FromInterceptor((_, metadata) =>
                {
                    metadata.Add("authorization", header);
                    return Task.CompletedTask;
                }));
            // Plain http is for loopback and sidecar TLS; the caller chose it.
            options.UnsafeUseInsecureChannelCallCredentials = address.Scheme == Uri.UriSchemeHttp;
        }
        return GrpcChannel.ForAddress(address, options);
    }

    /// <summary>The server's chain must end at the given authority; the host name must still match.</summary>
    private static bool TrustedBy(X509Certificate2 authority, X509Certificate? presented, SslPolicyErrors errors)
    {
        if (presented is null || errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)) return false;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(new X509Certificate2(presented));
    }
}
