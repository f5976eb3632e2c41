using System.Net.Mail;
using System.Text.RegularExpressions;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Providers;

/// <summary>Every rule for a provider of the directory. Messages name the rule, never the value (a secret least of all).</summary>
public static partial class ProviderValidator
{
    public static bool IsWellFormedId(string providerId) => ProviderId().IsMatch(providerId);

    public const int MaxNameLength = 200;
    public const int MaxCoverage = 100;
    public const int MaxLanguages = 20;
    public const string SecretPrefix = "whsec_";
    public const int MaxUrlLength = 2000;
    public const int MaxAge = 120;
    public const int MaxEmailAddresses = 5;

    /// <summary>RFC 5321's limit on a forward path, less its angle brackets.</summary>
    public const int MaxEmailLength = 254;

    /// <summary>Bounded so that the provider's load row (the ids of the referrals it holds) fits in one table property.</summary>
    public const int MaxCapacity = 500;

    // Standard Webhooks: the key is 24 to 64 random bytes.
    private const int MinSecretBytes = 24;
    private const int MaxSecretBytes = 64;

    public static ValidationErrors Validate(ProviderRequest request, bool secretStored, HostingEnvironmentInfo environment)
    {
        var errors = new ValidationErrors();
        errors.RequiredText("name", request.Name, MaxNameLength);
        errors.Required("active", request.Active);
        RequiredList(errors, "services", request.Services, Vocabularies.ServiceType.Count, (path, service) => errors.RequiredOneOf(path, service, Vocabularies.ServiceType));
        RequiredList(errors, "coverage.admin1", request.Coverage?.Admin1, MaxCoverage, (path, code) =>
        {
            errors.Required(path, code);
            errors.Matches(path, code, CaseValidator.Admin1Code(), CaseValidator.Admin1Rule);
        });
        OptionalList(errors, "languages", request.Languages, MaxLanguages, (path, language) =>
        {
            errors.Required(path, language);
            errors.Matches(path, language, CaseValidator.LanguageTag(), "must be a language code such as az or pt-BR.");
        });
        errors.Required("capacity", request.Capacity);
        errors.Range("capacity", request.Capacity, 0, MaxCapacity);
        ValidateEligibility(errors, request.Eligibility);
        ValidateWebhook(errors, request.Webhook, secretStored, environment);
        OptionalList(errors, "email", request.Email, MaxEmailAddresses, (path, address) =>
        {
            errors.RequiredText(path, address, MaxEmailLength);
            if (address is { Length: > 0 and <= MaxEmailLength } && !IsMailbox(address))
            {
                errors.Add(path, "must be one email address such as referrals@provider.example, without a display name.");
            }
        });
        return errors;
    }

    private static void ValidateEligibility(ValidationErrors errors, ProviderEligibility? eligibility)
    {
        if (eligibility is null)
        {
            return;
        }

        RequiredList(errors, "eligibility.sexes", eligibility.Sexes ?? Vocabularies.Sex, Vocabularies.Sex.Count, (path, sex) => errors.RequiredOneOf(path, sex, Vocabularies.Sex));
        errors.Range("eligibility.minAge", eligibility.MinAge, 0, MaxAge);
        errors.Range("eligibility.maxAge", eligibility.MaxAge, 0, MaxAge);
        if (eligibility.MinAge > eligibility.MaxAge)
        {
            errors.Add("eligibility.maxAge", "must not be less than eligibility.minAge.");
        }
    }

    private static void ValidateWebhook(ValidationErrors errors, WebhookRequest? webhook, bool secretStored, HostingEnvironmentInfo environment)
    {
        if (webhook is null)
        {
            return;
        }

        errors.RequiredText("webhook.url", webhook.Url, MaxUrlLength);
        if (webhook.Url is not null && !IsAllowedUrl(webhook.Url, environment))
        {
            errors.Add("webhook.url", !environment.IsLocalDevelopment
                ? "must be an absolute https URL without user information."
                : "must be an absolute https URL without user information (http on a loopback host is allowed when running locally).");
        }

        if (webhook.Secret is null)
        {
            if (!secretStored)
            {
                errors.Add("webhook.secret", "is required: no secret is stored for this provider yet.");
            }
        }
        else if (!IsWellFormedSecret(webhook.Secret))
        {
            errors.Add("webhook.secret", $"must be '{SecretPrefix}' followed by the base64 of {MinSecretBytes} to {MaxSecretBytes} random bytes.");
        }
    }

    private static bool IsAllowedUrl(string url, HostingEnvironmentInfo environment)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.UserInfo.Length > 0)
        {
            return false;
        }

        return uri.IsLoopback
            ? environment.IsLocalDevelopment && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp)
            : uri.Scheme == Uri.UriSchemeHttps;
    }

    /// <summary>A bare address (no display name, no comment, no group) with a domain: what an SMTP RCPT TO takes.</summary>
    public static bool IsMailbox(string address) =>
        MailAddress.TryCreate(address, out var parsed)
        && parsed.Address == address
        && parsed.DisplayName.Length == 0
        && parsed.Host.Length > 0;

    private static bool IsWellFormedSecret(string secret)
    {
        if (!secret.StartsWith(SecretPrefix, StringComparison.Ordinal))
        {
            return false;
        }

        var key = new byte[MaxSecretBytes + 3];
        return Convert.TryFromBase64String(secret[SecretPrefix.Length..], key, out var length) && length is >= MinSecretBytes and <= MaxSecretBytes;
    }

    private static void RequiredList(ValidationErrors errors, string path, IReadOnlyList<string?>? items, int max, Action<string, string?> validateItem)
    {
        if (items is null || items.Count == 0)
        {
            errors.Add(path, "must list at least one value.");
            return;
        }

        OptionalList(errors, path, items, max, validateItem);
    }

    private static void OptionalList(ValidationErrors errors, string path, IReadOnlyList<string?>? items, int max, Action<string, string?> validateItem)
    {
        if (items is null)
        {
            return;
        }

        if (items.Count > max)
        {
            errors.Add(path, $"must list at most {max} values.");
            return;
        }

        for (var index = 0; index < items.Count; index++)
        {
            validateItem($"{path}[{index}]", items[index]);
        }
    }

    [GeneratedRegex("^[a-z0-9-]{3,64}$")]
    internal static partial Regex ProviderId();
}
