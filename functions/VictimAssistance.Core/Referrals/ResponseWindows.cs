using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace VictimAssistance.Core.Referrals;

/// <summary>How long a provider has to accept an offer: <c>Referrals:ResponseHours:{urgency}</c>, decimal hours.</summary>
public sealed class ResponseWindows(IConfiguration configuration)
{
    private static readonly Dictionary<string, double> DefaultHours = new(StringComparer.Ordinal)
    {
        ["emergency"] = 4,
        ["priority"] = 24,
        ["routine"] = 72,
    };

    public TimeSpan For(string urgency)
    {
        var setting = $"Referrals:ResponseHours:{urgency}";
        var configured = configuration[setting];
        if (configured is null)
        {
            return TimeSpan.FromHours(DefaultHours.GetValueOrDefault(urgency, DefaultHours["routine"]));
        }

        return double.TryParse(configured, NumberStyles.Float, CultureInfo.InvariantCulture, out var hours) && hours > 0 && hours <= 24 * 365
            ? TimeSpan.FromHours(hours)
            : throw new InvalidOperationException($"Setting {setting} must be a positive number of hours.");
    }
}
