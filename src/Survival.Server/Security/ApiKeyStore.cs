using System.Security.Cryptography;
using System.Text;

namespace Survival.Server.Security;

/// <summary>
/// The configured API keys (<c>Survival:Auth:ApiKeys</c>), held only as SHA-256 hashes. A presented key is hashed and
/// compared with every stored hash in constant time, so neither the comparison's duration nor an early exit tells
/// a caller how much of a key matched or which key exists.
/// </summary>
public sealed class ApiKeyStore
{
    private readonly byte[][] _hashes;

    public ApiKeyStore(IEnumerable<string> keys) =>
        _hashes = [.. keys.Where(k => !string.IsNullOrEmpty(k)).Select(Hash)];

    public bool IsEmpty => _hashes.Length == 0;

    /// <summary>The index of the matching key, or -1: an index names the caller without revealing its key.</summary>
    public int Find(string presented)
    {
        var hash = Hash(presented);
        var found = -1;
        for (var i = 0; i < _hashes.Length; i++)
        {
            // No early exit: every key is compared whatever matched before.
            if (CryptographicOperations.FixedTimeEquals(hash, _hashes[i]) && found < 0) found = i;
        }
        return found;
    }

    private static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
