using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Survival.Server.Tests.Operations;

/// <summary>A private certificate authority and a server certificate for localhost it signed, written to a temporary folder.</summary>
public sealed class TestCertificates : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("survival-tls-");

    public TestCertificates()
    {
        using var authorityKey = RSA.Create(2048);
        var authorityRequest = new CertificateRequest("CN=Survival test authority", authorityKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        var now = DateTimeOffset.UtcNow;
        using var authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        using var serverKey = RSA.Create(2048);
        var serverRequest = new CertificateRequest("CN=localhost", serverKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddIpAddress(IPAddress.Loopback);
        serverRequest.CertificateExtensions.Add(names.Build());
        serverRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var issued = serverRequest.Create(authority, now.AddDays(-1), now.AddDays(29), RandomNumberGenerator.GetBytes(8));
        using var server = issued.CopyWithPrivateKey(serverKey);

        AuthorityPemFile = Path.Combine(_folder.FullName, "ca.pem");
        File.WriteAllText(AuthorityPemFile, authority.ExportCertificatePem());
        ServerPfxFile = Path.Combine(_folder.FullName, "server.pfx");
        File.WriteAllBytes(ServerPfxFile, server.Export(X509ContentType.Pfx, Password));
    }

    public const string Password = "test-only";

    public string AuthorityPemFile { get; }

    public string ServerPfxFile { get; }

    /// <summary>Kestrel's standard certificate settings for the gRPC endpoint.</summary>
    public Dictionary<string, string> KestrelSettings() => new()
    {
        ["Kestrel__Endpoints__Grpc__Certificate__Path"] = ServerPfxFile,
        ["Kestrel__Endpoints__Grpc__Certificate__Password"] = Password,
    };

    public void Dispose() => _folder.Delete(recursive: true);
}
