namespace VictimAssistance.LocalHost;

/// <summary>A reason the LocalHost refuses to start, as the Functions host refuses to: the message says what to fix.</summary>
public sealed class LocalHostStartupException(string message) : Exception(message);
