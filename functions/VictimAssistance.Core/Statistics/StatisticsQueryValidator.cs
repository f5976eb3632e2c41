using System.Text.RegularExpressions;
using VictimAssistance.Core.Locations;
using VictimAssistance.Core.Security;
using VictimAssistance.Core.Validation;

namespace VictimAssistance.Core.Statistics;

/// <summary>Checks a statistics query; whose cases it counts is <see cref="AccessPolicy.StatisticsOrganization"/>'s decision.</summary>
public static partial class StatisticsQueryValidator
{
    public static Outcome<StatisticsFilters> Validate(Caller caller, StatisticsQuery query, Gazetteer gazetteer)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        if (query.From is not null && !Month().IsMatch(query.From))
        {
            errors["from"] = ["must be a month as YYYY-MM."];
        }

        if (query.To is not null && !Month().IsMatch(query.To))
        {
            errors["to"] = ["must be a month as YYYY-MM."];
        }

        if (errors.Count == 0 && query.From is not null && query.To is not null && string.CompareOrdinal(query.From, query.To) > 0)
        {
            errors["from"] = ["must not be after to."];
        }

        // Upper case, as the statistics keep areas: a lower-case code would silently count nothing.
        if (query.Admin1 is not null && !(gazetteer.IsAdmin1(query.Admin1) && !query.Admin1.Any(char.IsLower)))
        {
            errors["admin1"] = [$"must be an admin1 code of the configured gazetteer ({gazetteer.Name}) in upper case, such as AZ-AGM."];
        }

        var organization = AccessPolicy.StatisticsOrganization(caller, query.Organization);
        if (organization.Problem is not null)
        {
            errors["organization"] = [organization.Problem.Errors!["organization"][0]];
        }
        else if (organization.Value is { } named && !OrganizationName().IsMatch(named))
        {
            errors["organization"] = ["is not an organisation name."];
        }

        if (query.Hxl is not (null or "true" or "false"))
        {
            errors["hxl"] = ["must be true or false."];
        }

        return errors.Count > 0
            ? Problem.Validation(errors)
            : new StatisticsFilters(query.From, query.To, query.Admin1, organization.Value) { Hxl = query.Hxl == "true" };
    }

    [GeneratedRegex(@"^[0-9]{4}-(0[1-9]|1[0-2])\z", RegexOptions.CultureInvariant)]
    private static partial Regex Month();

    /// <summary>What a Table Storage PartitionKey can hold, at a sane length.</summary>
    [GeneratedRegex(@"^[^/\\#?\u0000-\u001f\u007f-\u009f]{1,100}\z", RegexOptions.CultureInvariant)]
    private static partial Regex OrganizationName();
}
