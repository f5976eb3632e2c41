using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Security;
using VictimAssistance.Tests.Support;

namespace VictimAssistance.Tests.Erasure;

/// <summary>Form intake meets an erased case: nothing of it is taken in or held again, and its held edits go with it.</summary>
public sealed class KoboErasureTests(IntakeHostFixture host) : IClassFixture<IntakeHostFixture>
{
    [Fact]
    public async Task The_submission_of_an_erased_case_delivered_again_is_410_and_not_taken_in()
    {
        var uuid = Guid.NewGuid().ToString();
        var caseId = await RegisteredAndErasedAsync(uuid);

        using var again = await host.Client.PostSubmissionAsync(KoboSamples.Submission(KoboSamples.Registration, uuid));

        var body = await again.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.Equal(caseId, (string)body["caseId"]!);
    }

    [Fact]
    public async Task An_edit_of_an_erased_case_that_would_be_held_is_410_and_not_held()
    {
        var uuid = Guid.NewGuid().ToString();
        await RegisteredAndErasedAsync(uuid);
        var editUuid = Guid.NewGuid().ToString();

        using var edit = await host.Client.PostSubmissionAsync(InvalidEdit(uuid, editUuid));

        await edit.AssertProblemAsync(HttpStatusCode.Gone);
        Assert.False(await IsHeldAsync(editUuid));
    }

    [Fact]
    public async Task A_held_edit_of_a_case_is_deleted_when_the_case_is_erased()
    {
        var uuid = Guid.NewGuid().ToString();
        using (var registered = await host.Client.PostSubmissionAsync(KoboSamples.Submission(KoboSamples.Registration, uuid)))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var editUuid = Guid.NewGuid().ToString();
        using (var held = await host.Client.PostSubmissionAsync(InvalidEdit(uuid, editUuid)))
        {
            Assert.Equal(HttpStatusCode.Accepted, held.StatusCode);
        }

        Assert.True(await IsHeldAsync(editUuid));
        var caseId = await CaseIdAsync(uuid);

        await EraseAsync(caseId);

        Assert.False(await IsHeldAsync(editUuid));
    }

    private async Task<string> RegisteredAndErasedAsync(string uuid)
    {
        using (var registered = await host.Client.PostSubmissionAsync(KoboSamples.Submission(KoboSamples.Registration, uuid)))
        {
            Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        }

        var caseId = await CaseIdAsync(uuid);
        await EraseAsync(caseId);
        return caseId;
    }

    private async Task<string> CaseIdAsync(string uuid)
    {
        using var again = await host.Client.PostSubmissionAsync(KoboSamples.Submission(KoboSamples.Registration, uuid));
        return (string)(await again.ReadObjectAsync())["caseId"]!;
    }

    private async Task EraseAsync(string caseId)
    {
        using var admin = host.ClientFor(Roles.Admin);
        using var erased = await admin.PostAsJsonAsync($"/api/cases/{caseId}/erase", new { reason = "Data subject request" });
        Assert.Equal(HttpStatusCode.OK, erased.StatusCode);
    }

    /// <summary>An edit of the submission <paramref name="uuid"/> with an answer that is not a choice of the form: it would be held.</summary>
    private static JsonObject InvalidEdit(string uuid, string editUuid)
    {
        var edit = KoboSamples.Submission(KoboSamples.Registration, editUuid);
        edit["meta/deprecatedID"] = $"uuid:{uuid}";
        edit["meta/rootUuid"] = $"uuid:{uuid}";
        edit["survivor/sex"] = "not-a-choice";
        return edit;
    }

    /// <summary>Whether the submission <paramref name="editUuid"/> is held (its hold id is derived from the organisation and its uuid).</summary>
    private async Task<bool> IsHeldAsync(string editUuid)
    {
        using var caseworker = host.ClientFor(Roles.Caseworker, KoboSamples.Organization);
        using var response = await caseworker.GetAsync($"/api/intake/held/{CaseIds.Derived(KoboSamples.Organization, $"kobo-held\n{editUuid}")}");
        Assert.True(response.StatusCode is HttpStatusCode.OK or HttpStatusCode.NotFound, $"{response.StatusCode}");
        return response.StatusCode == HttpStatusCode.OK;
    }
}
