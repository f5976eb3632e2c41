using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Referrals;

public static class ReferralsRegistration
{
    public static IServiceCollection AddReferrals(this IServiceCollection services)
    {
        services.AddSingleton<ReferralCaseLookup>();
        services.AddSingleton<ProviderReferralIndex>();
        services.AddSingleton<OpenOfferIndex>();
        services.AddSingleton<UnmetReferralIndex>();
        services.AddSingleton<ProviderLoads>();
        services.AddSingleton<ResponseWindows>();
        services.AddSingleton<ReferralRouter>();
        services.AddSingleton<ReferralExpiry>();
        services.AddSingleton<ReferralService>();

        // Follow-ups run in this order: the referral → case lookup exists before the referral is routed.
        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<ReferralCaseLookup>());
        services.AddSingleton<ICaseFollowUpHandler, RouteRequestedReferrals>();
        services.AddSingleton<ICaseFollowUpHandler, NotifyProviders>();
        services.AddSingleton<ICaseFollowUpHandler, ReleaseProviderCapacity>();
        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<ProviderReferralIndex>());
        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<OpenOfferIndex>());
        services.AddSingleton<ICaseFollowUpHandler>(provider => provider.GetRequiredService<UnmetReferralIndex>());
        return services;
    }
}
