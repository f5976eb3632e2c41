using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Erasure;
using VictimAssistance.Core.Referrals;

namespace VictimAssistance.Tests.Erasure;

public sealed class EventRedactionTests
{
    [Fact]
    public void A_completion_keeps_its_ids_and_outcome_and_loses_its_notes()
    {
        var data = ReferralEvents.Completed.Write(new ReferralCompleted("0f1e2d3c4b5a69788796a5b4c3d2e1f0", "aghdam-rehabilitation-centre", "service_provided", "Met Aysel at +994501234567"));

        var redacted = ReferralEvents.Completed.Read(EventRedaction.Redact(ReferralEvents.Completed.Name, data));

        Assert.Equal(new ReferralCompleted("0f1e2d3c4b5a69788796a5b4c3d2e1f0", "aghdam-rehabilitation-centre", "service_provided", null), redacted);
    }

    [Fact]
    public void A_declines_free_text_reason_goes_and_a_cancellations_reason_code_stays()
    {
        var declined = ReferralEvents.Declined.Write(new ReferralDeclined("moved", "r1", "p1"));
        var cancelled = ReferralEvents.Cancelled.Write(new ReferralCancelled("r1", "p1", CancelReferralsWhenCaseEnds.CaseErased));

        Assert.Null(JsonNode.Parse(EventRedaction.Redact(ReferralEvents.Declined.Name, declined))!["reason"]);
        Assert.Equal(cancelled, EventRedaction.Redact(ReferralEvents.Cancelled.Name, cancelled));
    }

    [Theory]
    [InlineData("Aysel Mammadova")]
    [InlineData("+994501234567")]
    [InlineData("Quzanli")]
    [InlineData("1988-03-14")]
    public void A_string_that_is_not_an_id_a_code_or_a_timestamp_goes_from_any_event_type(string value)
    {
        var data = new JsonObject { ["referralId"] = "r1", ["comment"] = value, ["paths"] = new JsonArray("survivor.phone", value), ["at"] = "2026-11-28T11:09:33.452Z" }.ToJsonString();

        var redacted = JsonNode.Parse(EventRedaction.Redact("feature.added_later", data))!.AsObject();

        Assert.DoesNotContain(value, redacted.ToJsonString(), StringComparison.Ordinal);
        Assert.Equal("r1", (string)redacted["referralId"]!);
        Assert.Equal(["survivor.phone"], redacted["paths"]!.AsArray().Select(item => (string)item!));
        Assert.Equal("2026-11-28T11:09:33.452Z", (string)redacted["at"]!);
    }

    [Fact]
    public void An_outbox_entrys_events_are_redacted_each_by_its_type()
    {
        var events = System.Text.Json.JsonSerializer.Serialize(
            new List<CommittedEvent> { new(7, ReferralEvents.Completed.Name, DateTimeOffset.UnixEpoch, ReferralEvents.Completed.Write(new ReferralCompleted("r1", "p1", "service_provided", "Aysel"))) },
            CaseJson.Default.ListCommittedEvent);

        var redacted = EventRedaction.RedactCommitted(events);

        Assert.DoesNotContain("Aysel", redacted, StringComparison.Ordinal);
        Assert.Contains("service_provided", redacted, StringComparison.Ordinal);
    }
}
