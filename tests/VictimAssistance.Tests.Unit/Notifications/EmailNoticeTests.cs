using MimeKit;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Referrals;

namespace VictimAssistance.Tests.Notifications;

public sealed class EmailNoticeTests
{
    private const string ReferralId = "ad5a4a7857a046929c26bbeef8faea2e";
    private static readonly string NotificationId = "msg_" + new string('a', 32);
    private static readonly MailboxAddress From = MailboxAddress.Parse("referrals@programme.example");
    private static readonly DateTimeOffset RespondBy = new(2026, 11, 28, 15, 9, 33, TimeSpan.Zero);

    private static NotifyProviderMessage Notice(string type, DateTimeOffset? respondBy) =>
        new(NotificationId, "0123456789abcdef0123456789abcdef", ReferralId, "aghdam-rehab", type, RespondBy.AddHours(-4), "rehabilitation", "emergency", respondBy);

    private static MimeMessage Build(string type = "referral.offered", params string[] languages) =>
        EmailNotice.Build(Notice(type, type == ReferralEvents.Offered.Name ? RespondBy : null), languages, From, ["a@provider.example", "b@provider.example"], RespondBy);

    [Theory]
    [InlineData(new[] { "ru", "az" }, "ru")]
    [InlineData(new[] { "fr", "AZ" }, "az")]
    [InlineData(new[] { "ru-AZ" }, "ru")]
    [InlineData(new[] { "fr", "tr" }, "en")]
    [InlineData(new string[0], "en")]
    public void The_language_is_the_providers_first_one_the_notice_is_written_in(string[] languages, string expected) =>
        Assert.Equal(expected, EmailNotice.LanguageFor(languages));

    [Fact]
    public void An_offer_names_service_urgency_respond_by_and_what_to_call_in_both_parts()
    {
        var email = Build(languages: "en");

        foreach (var part in new[] { email.TextBody, email.HtmlBody })
        {
            Assert.Contains("rehabilitation", part, StringComparison.Ordinal);
            Assert.Contains("emergency", part, StringComparison.Ordinal);
            Assert.Contains("2026-11-28 15:09 UTC", part, StringComparison.Ordinal);
            Assert.Contains($"GET /api/referrals/{ReferralId}", part, StringComparison.Ordinal);
        }

        Assert.Equal("New referral offered: rehabilitation (emergency)", email.Subject);
    }

    [Fact]
    public void A_cancellation_has_its_own_subject_and_no_respond_by()
    {
        var email = Build(ReferralEvents.Cancelled.Name, "az");

        Assert.Equal("Göndəriş ləğv edilib: rehabilitation", email.Subject);
        Assert.DoesNotContain("2026-11-28", email.TextBody, StringComparison.Ordinal);
    }

    [Fact]
    public void The_message_id_is_derived_from_the_notification_and_no_unsubscribe_header_is_set()
    {
        var email = Build(languages: "ru");

        Assert.Equal($"{NotificationId}.email@victim-assistance", email.MessageId);
        Assert.Equal(email.MessageId, Build(languages: "az").MessageId);
        Assert.Null(email.Headers[HeaderId.ListUnsubscribe]);
        Assert.Equal("auto-generated", email.Headers["Auto-Submitted"]);
        Assert.Equal(["a@provider.example", "b@provider.example"], email.To.Mailboxes.Select(mailbox => mailbox.Address));
    }

    [Fact]
    public void The_case_id_is_not_shown_only_the_notification_id()
    {
        var email = Build(languages: "ru");

        var text = email.TextBody + email.HtmlBody + email.Subject;
        Assert.DoesNotContain("0123456789abcdef0123456789abcdef", text, StringComparison.Ordinal);
        Assert.Contains(NotificationId, email.TextBody, StringComparison.Ordinal);
    }
}
