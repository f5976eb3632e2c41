using System.Globalization;
using System.Net;
using System.Text;
using MimeKit;
using VictimAssistance.Core.Referrals;

namespace VictimAssistance.Core.Notifications;

/// <summary>
/// The email a provider receives for a notice: the service, urgency, respond-by time and referral id, and what to
/// call to read the referral after signing in; never a name, phone, age, location or note (the message carries
/// none). Plain text and HTML, in the provider's first language among those written here (English otherwise).
/// </summary>
public static class EmailNotice
{
    public const string MessageIdDomain = "victim-assistance";

    private static readonly IReadOnlyDictionary<string, Texts> ByLanguage = new Dictionary<string, Texts>(StringComparer.OrdinalIgnoreCase)
    {
        ["en"] = new(
            OfferedSubject: "New referral offered: {0} ({1})",
            Offered: "A referral has been offered to your organisation.",
            CancelledSubject: "Referral cancelled: {0}",
            Cancelled: "A referral offered to or held by your organisation has been cancelled.",
            Service: "Service",
            Urgency: "Urgency",
            RespondBy: "Respond by",
            Referral: "Referral",
            Action: "Sign in to the referral service to read it and to accept or decline it: GET /api/referrals/{0}",
            Footer: "This notice contains no personal data. Notification {0}."),
        ["az"] = new(
            OfferedSubject: "Yeni göndəriş təklif olunub: {0} ({1})",
            Offered: "Təşkilatınıza yeni göndəriş təklif olunub.",
            CancelledSubject: "Göndəriş ləğv edilib: {0}",
            Cancelled: "Təşkilatınıza təklif olunmuş və ya təşkilatınızda olan göndəriş ləğv edilib.",
            Service: "Xidmət",
            Urgency: "Təcililik",
            RespondBy: "Cavab müddəti",
            Referral: "Göndəriş",
            Action: "Onu oxumaq, qəbul etmək və ya imtina etmək üçün göndəriş xidmətinə daxil olun: GET /api/referrals/{0}",
            Footer: "Bu bildirişdə şəxsi məlumat yoxdur. Bildiriş {0}."),
        ["ru"] = new(
            OfferedSubject: "Новое направление: {0} ({1})",
            Offered: "Вашей организации предложено новое направление.",
            CancelledSubject: "Направление отменено: {0}",
            Cancelled: "Направление, предложенное вашей организации или принятое ею, отменено.",
            Service: "Услуга",
            Urgency: "Срочность",
            RespondBy: "Ответить до",
            Referral: "Направление",
            Action: "Войдите в систему направлений, чтобы прочитать его, принять или отклонить: GET /api/referrals/{0}",
            Footer: "В этом уведомлении нет персональных данных. Уведомление {0}."),
    };

    /// <summary>The provider's first language (by primary subtag: <c>ru-AZ</c> is <c>ru</c>) that the notice is written in.</summary>
    public static string LanguageFor(IEnumerable<string> providerLanguages) =>
        providerLanguages.Select(tag => tag.Split('-')[0]).FirstOrDefault(ByLanguage.ContainsKey)?.ToLowerInvariant() ?? "en";

    /// <summary>Derived from the notification id, so every retried send of one notice carries the same Message-ID.</summary>
    public static string MessageIdFor(string notificationId) => $"{notificationId}.{NotificationChannels.Email}@{MessageIdDomain}";

    public static MimeMessage Build(NotifyProviderMessage notice, IEnumerable<string> providerLanguages, MailboxAddress from, IEnumerable<string> to, DateTimeOffset date)
    {
        var language = LanguageFor(providerLanguages);
        var texts = ByLanguage[language];
        var offered = notice.Type == ReferralEvents.Offered.Name;
        var rows = new List<(string Label, string Value)> { (texts.Service, notice.ServiceType), (texts.Urgency, notice.Urgency) };
        if (offered && notice.RespondBy is { } respondBy)
        {
            rows.Add((texts.RespondBy, respondBy.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)));
        }

        rows.Add((texts.Referral, notice.ReferralId));
        var lead = offered ? texts.Offered : texts.Cancelled;
        var action = Format(texts.Action, notice.ReferralId);
        var footer = Format(texts.Footer, notice.NotificationId);

        var message = new MimeMessage
        {
            MessageId = MessageIdFor(notice.NotificationId),
            Date = date,
            Subject = offered ? Format(texts.OfferedSubject, notice.ServiceType, notice.Urgency) : Format(texts.CancelledSubject, notice.ServiceType),
            Body = new BodyBuilder { TextBody = PlainText(lead, rows, action, footer), HtmlBody = Html(language, lead, rows, action, footer) }.ToMessageBody(),
        };
        message.From.Add(from);
        message.To.AddRange(to.Select(address => MailboxAddress.Parse(address)));
        message.Headers.Add("Auto-Submitted", "auto-generated");
        message.Body.Headers.Replace(HeaderId.ContentLanguage, language);
        return message;
    }

    private static string PlainText(string lead, List<(string Label, string Value)> rows, string action, string footer)
    {
        var text = new StringBuilder().AppendLine(lead).AppendLine();
        foreach (var (label, value) in rows)
        {
            text.Append(label).Append(": ").AppendLine(value);
        }

        return text.AppendLine().AppendLine(action).AppendLine().AppendLine(footer).ToString();
    }

    private static string Html(string language, string lead, List<(string Label, string Value)> rows, string action, string footer)
    {
        var html = new StringBuilder()
            .Append(CultureInfo.InvariantCulture, $"<!DOCTYPE html><html lang=\"{language}\"><head><meta charset=\"utf-8\"></head><body>")
            .Append(CultureInfo.InvariantCulture, $"<p>{Encode(lead)}</p><table>");
        foreach (var (label, value) in rows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><th align=\"left\">{Encode(label)}</th><td>{Encode(value)}</td></tr>");
        }

        return html.Append(CultureInfo.InvariantCulture, $"</table><p>{Encode(action)}</p><p><small>{Encode(footer)}</small></p></body></html>").ToString();
    }

    private static string Encode(string text) => WebUtility.HtmlEncode(text);

    private static string Format(string template, params object[] values) => string.Format(CultureInfo.InvariantCulture, template, values);

    private sealed record Texts(
        string OfferedSubject, string Offered, string CancelledSubject, string Cancelled, string Service, string Urgency, string RespondBy, string Referral, string Action, string Footer);
}
