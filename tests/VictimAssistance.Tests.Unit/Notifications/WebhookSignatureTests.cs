using StandardWebhooks;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Notifications;

/// <summary>The test vector of the Standard Webhooks specification, for the signing package and for the tests' own verifier.</summary>
public sealed class WebhookSignatureTests
{
    private const string Secret = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private const string Id = "msg_p5jXN8AQM9LWM0D4loKWxJek";
    private const long Timestamp = 1614265330;
    private const string Body = """{"test": 2432232314}""";
    private const string Expected = "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=";

    [Fact]
    public void The_signing_package_gives_the_specification_signature_for_a_whsec_secret() =>
        Assert.Equal(Expected, new StandardWebhook(Secret).Sign(Id, DateTimeOffset.FromUnixTimeSeconds(Timestamp), Body));

    [Fact]
    public void The_tests_verifier_computes_the_specification_signature() =>
        Assert.Equal(Expected, SpecWebhookSignature.Compute(Secret, Id, $"{Timestamp}", Body));

    [Fact]
    public void The_tests_verifier_accepts_any_of_several_signatures_and_refuses_a_changed_body()
    {
        Assert.True(SpecWebhookSignature.Verifies(Secret, Id, $"{Timestamp}", Body, $"v1,b3RoZXIta2V5LXNpZ25hdHVyZQ== {Expected}"));
        Assert.False(SpecWebhookSignature.Verifies(Secret, Id, $"{Timestamp}", """{"test": 2432232315}""", Expected));
    }
}
