using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;

namespace VictimAssistance.Functions.Http;

/// <summary>If-None-Match on a read, as RFC 9110 §13.1.2 defines it.</summary>
public static class ConditionalGet
{
    /// <summary>
    /// Whether the client's copy is current: <c>*</c>, or any listed entity tag that matches the representation's by
    /// weak comparison (<c>W/"3"</c> matches <c>"3"</c>). A header that is not a list of entity tags is ignored, so
    /// the representation is sent.
    /// </summary>
    public static bool IsNotModified(StringValues ifNoneMatch, string etag) =>
        ifNoneMatch.Count > 0
        && EntityTagHeaderValue.TryParseStrictList(ifNoneMatch, out var tags)
        && EntityTagHeaderValue.TryParse(etag, out var current)
        && tags.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(current, useStrongComparison: false));
}
