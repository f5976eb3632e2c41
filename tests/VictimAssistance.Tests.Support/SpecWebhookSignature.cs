using System.Security.Cryptography;
using System.Text;

namespace VictimAssistance.Tests.Support;

/// <summary>
/// Standard Webhooks signatures written from the specification, independent of the code that signs: HMAC-SHA256
/// over "{id}.{timestamp}.{body}" keyed with the base64-decoded part of the whsec_ secret, sent as "v1,{base64}",
/// several space-separated during a secret rotation.
/// </summary>
public static class SpecWebhookSignature
{
    public static string Compute(string secret, string id, string timestamp, string body)
    {
        var key = Convert.FromBase64String(secret["whsec_".Length..]);
        return "v1," + Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes($"{id}.{timestamp}.{body}")));
    }

    /// <summary>Whether any of the header's signatures is the one the secret gives, compared in constant time.</summary>
    public static bool Verifies(string secret, string id, string timestamp, string body, string signatureHeader)
    {
        var expected = Encoding.ASCII.GetBytes(Compute(secret, id, timestamp, body));
        return signatureHeader.Split(' ', StringSplitOptions.RemoveEmptyEntries)
            .Any(signature => CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(signature), expected));
    }
}
