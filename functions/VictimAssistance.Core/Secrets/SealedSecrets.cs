using System.Text.RegularExpressions;

namespace VictimAssistance.Core.Secrets;

/// <summary>
/// The stored form of a sealed secret, <c>v1:{keyId}:{base64 of nonce, ciphertext and tag}</c>: readable without a
/// key, so that the backup tool can tell a sealed value from one in clear.
/// </summary>
public static partial class SealedSecrets
{
    public const string Version = "v1";

    public static string Format(string keyId, byte[] payload) => $"{Version}:{keyId}:{Convert.ToBase64String(payload)}";

    public static bool IsSealed(string value) => Shape().IsMatch(value);

    /// <summary>The key id and payload of a sealed value; false for any other text (a value stored in clear).</summary>
    public static bool TryParse(string value, out string keyId, out byte[] payload)
    {
        var match = Shape().Match(value);
        keyId = match.Success ? match.Groups["key"].Value : "";
        payload = match.Success ? Convert.FromBase64String(match.Groups["payload"].Value) : [];
        return match.Success;
    }

    public static bool IsWellFormedKeyId(string keyId) => KeyId().IsMatch(keyId);

    // Letters and digits only: a key id is part of an app setting's name (Secrets__DataKeys__{keyId}), where Linux
    // plans allow neither '-' nor '.', and configuration keys ignore case, so lower case only.
    [GeneratedRegex("^[a-z0-9]{1,32}$")]
    private static partial Regex KeyId();

    [GeneratedRegex("^v1:(?<key>[a-z0-9]{1,32}):(?<payload>(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?)$")]
    private static partial Regex Shape();
}
