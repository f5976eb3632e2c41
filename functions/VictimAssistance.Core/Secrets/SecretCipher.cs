using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;

namespace VictimAssistance.Core.Secrets;

/// <summary>A stored secret that cannot be opened: its key is not configured, or it does not authenticate. Names the key id only.</summary>
public sealed class SecretUnreadableException(string reason) : Exception($"A stored secret cannot be opened: {reason}.");

/// <summary>
/// Seals secrets for storage with AES-GCM: a random 12-byte nonce per value, a 16-byte tag, and as associated data
/// the format version, the key id and the value's context (e.g. the row and column it belongs to), so a sealed value
/// copied to another row or relabelled with another key id does not open. The key id is stored with each value, so
/// values sealed with an older key still open after the current key changes, and are resealed when next written.
/// </summary>
public sealed class SecretCipher
{
    private const int NonceBytes = 12;
    private const int TagBytes = 16;

    private readonly Dictionary<string, byte[]> keys;
    private readonly string currentKeyId;

    public SecretCipher(IOptions<SecretsOptions> options)
    {
        var settings = options.Value;
        keys = settings.DataKeys.ToDictionary(pair => pair.Key, pair => Convert.FromBase64String(pair.Value), StringComparer.Ordinal);
        currentKeyId = settings.CurrentKeyId!;
    }

    public string Seal(string plaintext, string context)
    {
        var clear = Encoding.UTF8.GetBytes(plaintext);
        var payload = new byte[NonceBytes + clear.Length + TagBytes];
        var nonce = payload.AsSpan(0, NonceBytes);
        RandomNumberGenerator.Fill(nonce);
        using var aes = new AesGcm(keys[currentKeyId], TagBytes);
        aes.Encrypt(nonce, clear, payload.AsSpan(NonceBytes, clear.Length), payload.AsSpan(NonceBytes + clear.Length), AssociatedData(currentKeyId, context));
        return SealedSecrets.Format(currentKeyId, payload);
    }

    /// <summary>
    /// The secret a stored value holds. A value that is not in the sealed format was stored in clear before secrets
    /// were sealed, and is given back as it is until it is resealed.
    /// </summary>
    /// <exception cref="SecretUnreadableException">Its key is not configured, or it does not authenticate.</exception>
    public string Open(string stored, string context)
    {
        if (!SealedSecrets.TryParse(stored, out var keyId, out var payload))
        {
            return stored;
        }

        if (!keys.TryGetValue(keyId, out var key))
        {
            throw new SecretUnreadableException($"it was sealed with key '{keyId}', which is not among Secrets:DataKeys");
        }

        if (payload.Length < NonceBytes + TagBytes)
        {
            throw new SecretUnreadableException($"its payload (key '{keyId}') is too short");
        }

        var clearLength = payload.Length - NonceBytes - TagBytes;
        var clear = new byte[clearLength];
        try
        {
            using var aes = new AesGcm(key, TagBytes);
            aes.Decrypt(payload.AsSpan(0, NonceBytes), payload.AsSpan(NonceBytes, clearLength), payload.AsSpan(NonceBytes + clearLength), clear, AssociatedData(keyId, context));
        }
        catch (AuthenticationTagMismatchException)
        {
            throw new SecretUnreadableException($"it does not authenticate with key '{keyId}' (altered, or moved from another row)");
        }

        return Encoding.UTF8.GetString(clear);
    }

    /// <summary>Whether the stored value is sealed with the current key (false for a value in clear or sealed with an older key).</summary>
    public bool IsCurrent(string stored) => SealedSecrets.TryParse(stored, out var keyId, out _) && keyId == currentKeyId;

    /// <summary>The stored value sealed with the current key: itself when it is already, else opened and sealed again.</summary>
    public string Reseal(string stored, string context) => IsCurrent(stored) ? stored : Seal(Open(stored, context), context);

    /// <summary>Whether the stored value holds <paramref name="plaintext"/> (false when it cannot be opened).</summary>
    public bool Holds(string stored, string plaintext, string context)
    {
        try
        {
            return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Open(stored, context)), Encoding.UTF8.GetBytes(plaintext));
        }
        catch (SecretUnreadableException)
        {
            return false;
        }
    }

    private static byte[] AssociatedData(string keyId, string context) => Encoding.UTF8.GetBytes($"{SealedSecrets.Version}:{keyId}:{context}");
}
