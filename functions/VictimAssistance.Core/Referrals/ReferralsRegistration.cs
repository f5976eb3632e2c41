using Microsoft.Extensions.DependencyInjection;
using VictimAssistance.Core.Cases;

namespace VictimAssistance.Core.Referrals;

public static class ReferralsRegistration
{
    public static IServiceCollection AddReferrals(this IServiceCollection services)
    {
        services.AddSingleton<ICaseFollowUpHandler, RouteRequestedReferrals>();
        services.AddSingleton<ICaseFollowUpHandler, NotifyCancelledReferrals>();
        return services;
    }
}
