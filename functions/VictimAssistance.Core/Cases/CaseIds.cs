using System.Security.Cryptography;
using System.Text;

namespace VictimAssistance.Core.Cases;

/// <summary>Case ids: 32 lowercase hex characters, random or derived from an idempotency key.</summary>
public static class CaseIds
{
    public static string New() => Guid.NewGuid().ToString("N");

    /// <summary>The same key from the same organisation always names the same case, so a replay collides on insert.</summary>
    public static string Derived(string organization, string idempotencyKey) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes($"{organization}\n{idempotencyKey}")).AsSpan(0, 16));

    /// <summary>
    /// The case of a form submission (by its uuid) in an organisation. The separator is a line break, which an
    /// Idempotency-Key cannot hold, so a submission and a key never name the same case.
    /// </summary>
    public static string FromSubmission(string organization, string submissionUuid) => Derived(organization, $"kobo\n{submissionUuid}");

    /// <summary>Anything else cannot exist and must not reach a storage filter; null (an id a message lacks) is not well formed.</summary>
    public static bool IsWellFormed(string? caseId) => caseId is { Length: 32 } && caseId.All(char.IsAsciiHexDigitLower);
}
