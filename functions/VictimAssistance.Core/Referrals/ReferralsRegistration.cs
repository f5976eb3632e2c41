using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Referrals;

public static class ReferralsRegistration
{
    public static IServiceCollection AddReferrals(this IServiceCollection services)
    {
        services.AddOptions<ReferralOptions>().BindConfiguration(ReferralOptions.SectionName).ValidateOnStart();
        services.AddSingleton<IValidateOptions<ReferralOptions>, ReferralOptionsValidator>();
        services.AddSingleton<ICaseRowSource, ReferralRows>();
        services.AddSingleton<ICaseRule, RequestReferralsForNeeds>();
        services.AddSingleton<ICaseRule, CancelReferralsWhenCaseEnds>();

        // After every rule that moves a referral, so the snapshot follows the referral's status as committed.
        services.AddSingleton<ICaseRule, KeepProviderSnapshots>();
        services.Configure<CaseListOptions>(options =>
        {
            // A referral opened or closed changes the list row's count of open referrals.
            options.EventTypes.Add(ReferralEvents.Requested.Name);
            options.EventTypes.Add(ReferralEvents.Completed.Name);
            options.EventTypes.Add(ReferralEvents.Cancelled.Name);
        });

        services.AddSingleton<ReferralCaseLookup>();
        services.AddSingleton<ProviderReferralIndex>();
        services.AddSingleton<OpenOfferIndex>();
        services.AddSingleton<CompletedReferralIndex>();
        services.AddSingleton<UnmetReferralIndex>();
        services.AddSingleton<ProviderLoads>();
        services.AddSingleton<ResponseWindows>();
        services.AddSingleton<ReferralRouter>();
        services.AddSingleton<UnmetReferralRerouter>();
        services.AddSingleton<DueReferralWork>();
        services.AddSingleton<ReferralExpiry>();
        services.AddSingleton<ProviderAccess>();
        services.AddSingleton<ProviderAccessExpiry>();
        services.AddSingleton<ReferralService>();

        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<ReferralCaseLookup>());
        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<ProviderReferralIndex>());
        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<OpenOfferIndex>());
        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<CompletedReferralIndex>());
        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<UnmetReferralIndex>());
        services.AddSingleton<ICaseFollowUpHandler, RouteRequestedReferrals>();
        services.AddSingleton<ICaseFollowUpHandler, ReleaseProviderCapacity>();
        return services;
    }
}
