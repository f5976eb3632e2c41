using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace VictimAssistance.Core.Intake;

/// <summary>Finds the organisation of an <c>X-Intake-Key</c>, comparing it in constant time with every configured key.</summary>
public sealed class IntakeKeys(IOptions<IntakeOptions> options)
{
    private readonly IReadOnlyList<(byte[] Digest, string Organization)> keys =
        options.Value.Keys.Select(entry => (Digest(entry.Key), entry.Organization)).ToList();

    /// <summary>The key's organisation, or null for a missing or unknown key; the time taken does not depend on which.</summary>
    public string? OrganizationOf(string? presentedKey)
    {
        // Digests have one length, so the comparison time reveals neither the key's length nor a common prefix;
        // every key is compared, so it does not reveal which one matched either.
        var presented = Digest(presentedKey ?? string.Empty);
        string? organization = null;
        foreach (var (digest, owner) in keys)
        {
            if (CryptographicOperations.FixedTimeEquals(digest, presented) && presentedKey is not null)
            {
                organization = owner;
            }
        }

        return organization;
    }

    private static byte[] Digest(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));
}
