namespace VictimAssistance.Core.Intake;

/// <summary>What the intake answers KoboToolbox, which keeps it in the REST Service log: the case id only, no survivor data.</summary>
public sealed record IntakeReceipt(string CaseId);
