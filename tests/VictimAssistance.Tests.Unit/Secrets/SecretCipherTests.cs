using Microsoft.Extensions.Options;
using VictimAssistance.Core.Secrets;

namespace VictimAssistance.Tests.Secrets;

public sealed class SecretCipherTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Context = "Providers/provider-a/WebhookSecret";
    private const string OldKey = "Np8PUwPzwezwx7V+G/IJjpSWEzhKiatYh982ePnROWc=";
    private const string NewKey = "Apwuhat73LbePkj55B3sixqFb6c1HQRdMdhGkqrZZQ8=";

    [Fact]
    public void A_sealed_secret_opens_to_the_same_text()
    {
        var cipher = Cipher("k1", ("k1", OldKey));

        Assert.Equal(Secret, cipher.Open(cipher.Seal(Secret, Context), Context));
    }

    [Fact]
    public void A_sealed_secret_holds_the_version_and_key_id_and_never_the_secret()
    {
        var sealedValue = Cipher("k1", ("k1", OldKey)).Seal(Secret, Context);

        Assert.StartsWith("v1:k1:", sealedValue, StringComparison.Ordinal);
        Assert.True(SealedSecrets.IsSealed(sealedValue));
        Assert.DoesNotContain(Secret["whsec_".Length..], sealedValue, StringComparison.Ordinal);
    }

    [Fact]
    public void Sealing_the_same_secret_twice_gives_different_values()
    {
        var cipher = Cipher("k1", ("k1", OldKey));

        Assert.NotEqual(cipher.Seal(Secret, Context), cipher.Seal(Secret, Context));
    }

    [Fact]
    public void After_rotation_a_value_sealed_with_the_old_key_still_opens_and_new_values_use_the_new_key()
    {
        var sealedWithOld = Cipher("k1", ("k1", OldKey)).Seal(Secret, Context);
        var rotated = Cipher("k2", ("k1", OldKey), ("k2", NewKey));

        Assert.Equal(Secret, rotated.Open(sealedWithOld, Context));
        Assert.False(rotated.IsCurrent(sealedWithOld));
        Assert.StartsWith("v1:k2:", rotated.Reseal(sealedWithOld, Context), StringComparison.Ordinal);
        Assert.Equal(Secret, rotated.Open(rotated.Reseal(sealedWithOld, Context), Context));
    }

    [Fact]
    public void A_value_sealed_with_a_key_no_longer_configured_is_refused_naming_the_key_id_only()
    {
        var sealedWithOld = Cipher("k1", ("k1", OldKey)).Seal(Secret, Context);

        var refused = Assert.Throws<SecretUnreadableException>(() => Cipher("k2", ("k2", NewKey)).Open(sealedWithOld, Context));

        Assert.Contains("'k1'", refused.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(OldKey, refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_tampered_ciphertext_is_refused()
    {
        var cipher = Cipher("k1", ("k1", OldKey));
        Assert.True(SealedSecrets.TryParse(cipher.Seal(Secret, Context), out _, out var payload));
        payload[14] ^= 1;

        Assert.Throws<SecretUnreadableException>(() => cipher.Open(SealedSecrets.Format("k1", payload), Context));
    }

    [Fact]
    public void A_value_relabelled_with_another_key_id_is_refused()
    {
        var cipher = Cipher("k1", ("k1", OldKey), ("k2", OldKey));
        Assert.True(SealedSecrets.TryParse(cipher.Seal(Secret, Context), out _, out var payload));

        Assert.Throws<SecretUnreadableException>(() => cipher.Open(SealedSecrets.Format("k2", payload), Context));
    }

    [Fact]
    public void A_value_moved_to_another_row_is_refused()
    {
        var cipher = Cipher("k1", ("k1", OldKey));

        Assert.Throws<SecretUnreadableException>(() => cipher.Open(cipher.Seal(Secret, Context), "Providers/provider-b/WebhookSecret"));
    }

    [Fact]
    public void A_value_stored_in_clear_before_sealing_opens_as_it_is_and_is_resealed()
    {
        var cipher = Cipher("k1", ("k1", OldKey));

        Assert.Equal(Secret, cipher.Open(Secret, Context));
        Assert.False(cipher.IsCurrent(Secret));
        Assert.Equal(Secret, cipher.Open(cipher.Reseal(Secret, Context), Context));
        Assert.True(SealedSecrets.IsSealed(cipher.Reseal(Secret, Context)));
    }

    [Fact]
    public void Holds_tells_whether_a_stored_value_is_that_secret()
    {
        var cipher = Cipher("k1", ("k1", OldKey));
        var sealedValue = cipher.Seal(Secret, Context);

        Assert.True(cipher.Holds(sealedValue, Secret, Context));
        Assert.False(cipher.Holds(sealedValue, Secret + "x", Context));
        Assert.False(cipher.Holds(sealedValue, Secret, "Providers/provider-b/WebhookSecret"));
    }

    private static SecretCipher Cipher(string current, params (string Id, string Key)[] keys)
    {
        var options = new SecretsOptions { CurrentKeyId = current };
        foreach (var (id, key) in keys)
        {
            options.DataKeys[id] = key;
        }

        return new SecretCipher(Options.Create(options));
    }
}
