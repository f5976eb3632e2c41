using System.Diagnostics.CodeAnalysis;

namespace VictimAssistance.Core.Notifications;

public enum EmailTls
{
    /// <summary>Plain SMTP: only towards a loopback host (a local inbox such as smtp4dev, or the tests' server).</summary>
    None,

    /// <summary>STARTTLS, required (the connection fails if the server does not offer it).</summary>
    StartTls,

    /// <summary>TLS from the first byte (SMTPS, usually port 465).</summary>
    Implicit,
}

/// <summary>
/// Settings under <c>Email</c>: the SMTP server that email notices go through. Without <see cref="SmtpHost"/> no
/// email is sent (a notice to a provider's addresses is recorded as <c>email_not_configured</c>). A class, not a
/// record, so that <see cref="Password"/> never appears in a generated ToString.
/// </summary>
public sealed class EmailOptions
{
    public const string SectionName = "Email";

    public string? SmtpHost { get; init; }

    public int SmtpPort { get; init; } = 587;

    /// <summary>The sender address, e.g. <c>referrals@programme.example</c> (or <c>"Referrals" &lt;referrals@programme.example&gt;</c>).</summary>
    public string? From { get; init; }

    public EmailTls Tls { get; init; } = EmailTls.StartTls;

    public string? UserName { get; init; }

    /// <summary>Write-only: read by the sender to authenticate, never logged.</summary>
    public string? Password { get; init; }

    /// <summary>How long one SMTP command may take; the queue retries a send that timed out.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(30);

    [MemberNotNullWhen(true, nameof(SmtpHost))]
    public bool IsConfigured => !string.IsNullOrWhiteSpace(SmtpHost);
}
