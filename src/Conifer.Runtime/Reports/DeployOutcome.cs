namespace Conifer.Runtime.Reports;

/// <summary>How a deploy attempt ended.</summary>
public enum DeployOutcome
{
    /// <summary>The new code and state are live and durable.</summary>
    Committed,
    /// <summary>A dry run passed steps 1–4; nothing was committed.</summary>
    DryRunPassed,
    /// <summary>The attempt was refused; the running app, its state and the store are exactly as before.</summary>
    Rejected,
    /// <summary>The version is already running (same version id): nothing ran and nothing was recorded.</summary>
    Unchanged,
}
