using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using MimeKit;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Notifications;
using VictimAssistance.Core.Providers;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Notifications;

/// <summary>
/// Email notices through a real SMTP server on loopback, from the Core on a real Azurite whose queues the tests run by
/// hand: what the email says, in which language, and how transient and permanent SMTP failures end.
/// </summary>
public sealed class EmailDeliveryTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly Caller Admin = new("admin-1", Roles.Admin, new AllRecords());
    private static readonly Caller Caseworker = new("caseworker-1", Roles.Caseworker, new OrganizationScope("org-email"));

    [Fact]
    public async Task The_email_names_the_service_and_the_referral_to_call_and_holds_no_personal_value_of_the_case()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString, settings: smtp.Settings);
        var caseId = await OfferAsync(services, "email-private", "AZ-CAL", ["az"]);

        await new CoreQueues(azurite, services).DrainAsync(twiceAtOnce: false);

        var referrals = (await services.GetRequiredService<CaseStore>().LoadEventsAsync(caseId, CancellationToken.None))
            .Where(item => item.Type == Core.Referrals.ReferralEvents.Offered.Name).Select(item => Core.Referrals.ReferralEvents.Offered.Read(item.Data).ReferralId).ToList();
        Assert.Equal(2, referrals.Count);
        Assert.Equal(2, smtp.Received.Count);
        foreach (var email in smtp.Received)
        {
            var text = Readable(email);
            Assert.Contains(referrals, referral => email.TextBody!.Contains($"GET /api/referrals/{referral}", StringComparison.Ordinal));
            Assert.NotNull(email.HtmlBody);
            Assert.Equal(["referrals@email-private.example"], email.To.Mailboxes.Select(mailbox => mailbox.Address));
            Assert.Null(email.Headers[HeaderId.ListUnsubscribe]);
            Assert.All(CaseSamples.PersonalValues, value => Assert.DoesNotContain(value, text, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task An_email_deferred_once_is_sent_again_by_the_queue_and_recorded_delivered_once()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        smtp.Answer(n => n == 1 ? SmtpReceiver.Reply(451) : SmtpServer.Protocol.SmtpResponse.Ok);
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString, settings: smtp.Settings);
        var (caseId, notice) = await OfferOneAsync(services, "email-deferred", "AZ-CUL", smtp);
        var notifier = services.GetRequiredService<ProviderNotifier>();

        await Assert.ThrowsAsync<NotificationDeliveryException>(() => notifier.NotifyAsync(notice, 1, CancellationToken.None));
        Assert.Empty(await NotificationEventsAsync(services, caseId));
        await notifier.NotifyAsync(notice, 2, CancellationToken.None);
        await notifier.NotifyAsync(notice, 3, CancellationToken.None);

        Assert.Single(smtp.Received);
        var delivered = Assert.Single(await NotificationEventsAsync(services, caseId));
        Assert.Equal(NotificationEvents.Delivered.Name, delivered.Type);
        var data = NotificationEvents.Delivered.Read(delivered.Data);
        Assert.Equal((NotificationChannels.Email, 2L), (data.Channel, data.Attempt));
        Assert.Equal(EmailNotice.MessageIdFor(data.WebhookId), smtp.Received[0].MessageId);
    }

    [Fact]
    public async Task An_email_rejected_for_good_is_recorded_failed_with_the_smtp_code_and_not_retried()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        smtp.Answer(_ => SmtpReceiver.Reply(550));
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString, settings: smtp.Settings);
        var (caseId, notice) = await OfferOneAsync(services, "email-rejected", "AZ-DAS", smtp);

        await services.GetRequiredService<ProviderNotifier>().NotifyAsync(notice, 1, CancellationToken.None);

        var failed = NotificationEvents.Failed.Read(Assert.Single(await NotificationEventsAsync(services, caseId), item => item.Type == NotificationEvents.Failed.Name).Data);
        Assert.Equal((NotificationChannels.Email, 550, DeliveryReasons.SmtpRejected), (failed.Channel, failed.StatusCode, failed.Reason));
        Assert.Equal(1, smtp.Attempts);
        Assert.Empty(smtp.Received);
    }

    [Fact]
    public async Task An_email_deferred_at_the_last_attempt_is_recorded_failed_and_goes_to_poison()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        smtp.Answer(_ => SmtpReceiver.Reply(451));
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString, settings: smtp.Settings);
        var (caseId, notice) = await OfferOneAsync(services, "email-poison", "AZ-GAD", smtp);
        var last = services.GetRequiredService<QueueAttempts>().MaxDequeueCount;

        await Assert.ThrowsAsync<NotificationDeliveryException>(() => services.GetRequiredService<ProviderNotifier>().NotifyAsync(notice, last, CancellationToken.None));

        var failed = NotificationEvents.Failed.Read(Assert.Single(await NotificationEventsAsync(services, caseId)).Data);
        Assert.Equal((NotificationChannels.Email, 451, DeliveryReasons.SmtpDeferred, (long)last), (failed.Channel, failed.StatusCode, failed.Reason, failed.Attempt));
    }

    [Fact]
    public async Task Credentials_the_server_cannot_take_are_retried_and_recorded_as_smtp_authentication_at_the_last_attempt()
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        var settings = smtp.Settings;
        settings["Email:UserName"] = "notifier";
        settings["Email:Password"] = "never-in-history";
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString, settings: settings);
        var (caseId, notice) = await OfferOneAsync(services, "email-credentials", "AZ-HAC", smtp);
        var notifier = services.GetRequiredService<ProviderNotifier>();

        await Assert.ThrowsAsync<NotificationDeliveryException>(() => notifier.NotifyAsync(notice, 1, CancellationToken.None));
        Assert.Empty(await NotificationEventsAsync(services, caseId));
        await Assert.ThrowsAsync<NotificationDeliveryException>(() => notifier.NotifyAsync(notice, services.GetRequiredService<QueueAttempts>().MaxDequeueCount, CancellationToken.None));

        var failed = Assert.Single(await NotificationEventsAsync(services, caseId));
        Assert.Equal(DeliveryReasons.SmtpAuthentication, NotificationEvents.Failed.Read(failed.Data).Reason);
        Assert.DoesNotContain("never-in-history", failed.Data, StringComparison.Ordinal);
        Assert.Equal(0, smtp.Attempts);
    }

    [Theory]
    [InlineData("fr,ru,az", "ru", "Новое направление")]
    [InlineData("az,ru", "az", "Yeni göndəriş")]
    [InlineData("fr", "en", "New referral offered")]
    public async Task The_email_is_in_the_providers_first_language_that_it_is_written_in(string languages, string expected, string subjectStart)
    {
        await using var smtp = await SmtpReceiver.StartAsync();
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString, settings: smtp.Settings);
        var (_, notice) = await OfferOneAsync(services, $"email-language-{expected}", expected switch { "az" => "AZ-SIY", "en" => "AZ-SKR", _ => "AZ-SMI" }, smtp, languages.Split(','));

        await services.GetRequiredService<ProviderNotifier>().NotifyAsync(notice, 1, CancellationToken.None);

        var email = Assert.Single(smtp.Received);
        Assert.StartsWith(subjectStart, email.Subject, StringComparison.Ordinal);
        Assert.Equal(expected, email.Body!.Headers[HeaderId.ContentLanguage]);
        Assert.Contains($"lang=\"{expected}\"", email.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_smtp_server_configured_an_email_notice_is_recorded_as_email_not_configured()
    {
        await using var services = await CoreOnAzurite.StartAsync(azurite.ConnectionString);
        await using var smtp = await SmtpReceiver.StartAsync();
        var (caseId, notice) = await OfferOneAsync(services, "email-unconfigured", "AZ-GYG", smtp);

        await services.GetRequiredService<ProviderNotifier>().NotifyAsync(notice, 1, CancellationToken.None);

        var failed = NotificationEvents.Failed.Read(Assert.Single(await NotificationEventsAsync(services, caseId)).Data);
        Assert.Equal((NotificationChannels.Email, DeliveryReasons.EmailNotConfigured), (failed.Channel, failed.Reason));
        Assert.Equal(0, smtp.Attempts);
    }

    /// <summary>A provider with email only, for both needs of the seed case registered in the area.</summary>
    private static async Task<string> OfferAsync(IServiceProvider services, string providerId, string area, string[] languages)
    {
        var providers = services.GetRequiredService<ProviderService>();
        var provider = new ProviderRequest(
            providerId, true, ["rehabilitation", "psychosocial"], new ProviderCoverage([area]), languages, 10, Eligibility: null, Webhook: null, Email: [$"referrals@{providerId}.example"]);
        Assert.Null((await providers.PutAsync(Admin, providerId, provider, CancellationToken.None)).Problem);
        var details = JsonSerializer.Deserialize(CaseSamples.Registration().ToJsonString(), CaseJson.Api.CaseDetails)!;
        details = details with { Survivor = details.Survivor! with { Location = details.Survivor.Location! with { Admin1 = area } } };
        var registered = await services.GetRequiredService<CaseService>().RegisterAsync(Caseworker, details, idempotencyKey: null, CancellationToken.None);
        return registered.Value!.Case.CaseId;
    }

    /// <summary>Offers the case's referrals and returns a notify-provider message of the first notice alone, for the test to run; the others are dropped.</summary>
    private async Task<(string CaseId, string Notice)> OfferOneAsync(IServiceProvider services, string providerId, string area, SmtpReceiver smtp, string[]? languages = null)
    {
        var caseId = await OfferAsync(services, providerId, area, languages ?? ["az"]);
        var queues = new CoreQueues(azurite, services);
        await queues.DrainAsync(twiceAtOnce: false, QueueNames.NotifyProvider);
        var notices = await queues.TakeAllAsync(QueueNames.NotifyProvider);
        Assert.Equal(0, smtp.Attempts);
        var first = JsonSerializer.Deserialize(Assert.Single(notices), NotificationJson.Default.ProviderNotices)!;
        return (caseId, JsonSerializer.Serialize(first with { Notices = [first.Notices[0]] }, NotificationJson.Default.ProviderNotices));
    }

    private static async Task<List<CaseEventEntity>> NotificationEventsAsync(IServiceProvider services, string caseId) =>
        (await services.GetRequiredService<CaseStore>().LoadEventsAsync(caseId, CancellationToken.None))
            .Where(item => item.Type.StartsWith("notification.", StringComparison.Ordinal))
            .ToList();

    /// <summary>Everything a reader of the email sees: every header value and both bodies, decoded.</summary>
    private static string Readable(MimeMessage email) =>
        string.Join('\n', email.Headers.Select(header => header.Value).Append(email.TextBody).Append(email.HtmlBody));
}
