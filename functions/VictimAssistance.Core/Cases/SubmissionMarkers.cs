namespace VictimAssistance.Core.Cases;

/// <summary>
/// Where a form submission stands among its edits, as case markers: <see cref="Own"/> is applied at most once, and
/// applying it marks the version it <see cref="Replaces"/> as done, so that version, arriving later, changes nothing.
/// </summary>
public sealed record SubmissionMarkers(string Own, string? Replaces)
{
    public void AddTo(CaseChange change)
    {
        change.AddMarker(Own);
        if (Replaces is { } replaced)
        {
            change.MarkSuperseded(replaced);
        }
    }
}
