using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using VictimAssistance.Core;
using VictimAssistance.Core.Cases;
using VictimAssistance.Core.Referrals;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Storage;
using VictimAssistance.Functions.Http;

namespace VictimAssistance.Functions.Referrals;

public sealed class ReferralFunctions(HttpApi api, ReferralService referrals, ReferralRouter router, UnmetReferralRerouter rerouter, ReferralExpiry expiry, ProviderAccessExpiry access)
{
    private static readonly string[] ReferralRoles = [Roles.Provider, Roles.Admin];
    private static readonly string[] CaseRoles = [Roles.Caseworker, Roles.Admin];

    [Function("RequestReferral")]
    public Task<IActionResult> RequestReferral([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "cases/{caseId}/referrals")] HttpRequest request, string caseId, CancellationToken cancellationToken) =>
        api.CommandAsync(
            request,
            CaseRoles,
            ApiJson.Api.ReferralRequest,
            (caller, referral) => referrals.RequestAsync(caller, caseId, referral, cancellationToken),
            referral => ApiResults.Json(StatusCodes.Status202Accepted, referral, CaseJson.Api.Referral, headers => headers.Location = $"/api/referrals/{referral.ReferralId}"));

    [Function("ListReferrals")]
    public Task<IActionResult> List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "referrals")] HttpRequest request, CancellationToken cancellationToken) =>
        api.HandleAsync(request, ReferralRoles, caller => referrals.ListAsync(caller, ListQuery(request.Query), cancellationToken), page => ApiResults.Ok(page, ApiJson.Api.ReferralPage));

    [Function("GetReferral")]
    public Task<IActionResult> Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "referrals/{referralId}")] HttpRequest request, string referralId, CancellationToken cancellationToken) =>
        api.HandleAsync(request, ReferralRoles, caller => referrals.GetAsync(caller, referralId, cancellationToken), details => ApiResults.Ok(details, ApiJson.Api.ReferralDetails));

    [Function("AcceptReferral")]
    public Task<IActionResult> Accept([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "referrals/{referralId}/accept")] HttpRequest request, string referralId, CancellationToken cancellationToken) =>
        api.HandleAsync(request, ReferralRoles, caller => referrals.AcceptAsync(caller, referralId, cancellationToken), ReferralResult);

    [Function("DeclineReferral")]
    public Task<IActionResult> Decline([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "referrals/{referralId}/decline")] HttpRequest request, string referralId, CancellationToken cancellationToken) =>
        api.CommandAsync(request, ReferralRoles, ApiJson.Api.DeclineReferralRequest, (caller, decline) => referrals.DeclineAsync(caller, referralId, decline, cancellationToken), ReferralResult);

    [Function("CompleteReferral")]
    public Task<IActionResult> Complete([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "referrals/{referralId}/complete")] HttpRequest request, string referralId, CancellationToken cancellationToken) =>
        api.CommandAsync(request, ReferralRoles, ApiJson.Api.CompleteReferralRequest, (caller, complete) => referrals.CompleteAsync(caller, referralId, complete, cancellationToken), ReferralResult);

    [Function("RouteReferral")]
    public Task Route([QueueTrigger(QueueNames.RouteReferral)] string message, CancellationToken cancellationToken) =>
        router.RouteAsync(message, cancellationToken);

    [Function("RerouteUnmetReferrals")]
    public Task Reroute([QueueTrigger(QueueNames.ProviderChanged)] string message, CancellationToken cancellationToken) =>
        rerouter.RerouteAsync(message, cancellationToken);

    /// <summary>The schedule only says when to look; what is due comes from the TimeProvider, so the TimerInfo is not read.</summary>
    [Function("ExpireReferralOffers")]
    public Task Expire([TimerTrigger("%Referrals:ExpirySchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        expiry.ExpireDueAsync(cancellationToken);

    /// <summary>Like the expiry: what is due comes from the TimeProvider and <c>Referrals:ProviderAccessAfterCompletion</c>.</summary>
    [Function("EndProviderAccess")]
    public Task EndProviderAccess([TimerTrigger("%Referrals:ProviderAccessSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        access.EndDueAsync(cancellationToken);

    private static ReferralListQuery ListQuery(IQueryCollection query) =>
        new(query["status"], query["providerId"], query["limit"], query["continuationToken"]);

    private static IActionResult ReferralResult(Referral referral) => ApiResults.Ok(referral, CaseJson.Api.Referral);
}
