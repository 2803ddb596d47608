namespace Conifer.App.Metering;

/// <summary>Why a call was stopped.</summary>
internal enum StopReason
{
    /// <summary>It runs on.</summary>
    None,

    /// <summary>It ran past its time limit.</summary>
    Time,

    /// <summary>Its stack was nearly used up.</summary>
    Stack,

    /// <summary>The runtime gave up on it (see <see cref="ExecutionBudget.Scope.Cancel"/>).</summary>
    Cancelled,
}
