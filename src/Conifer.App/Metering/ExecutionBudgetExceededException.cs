namespace Conifer.App.Metering;

/// <summary>App code ran past the time the runtime allows one call (an event, an admin function, an eval); its result is discarded.</summary>
public sealed class ExecutionBudgetExceededException : Exception
{
    /// <summary>Creates the exception for a call that ran past <paramref name="limit"/>.</summary>
    public ExecutionBudgetExceededException(TimeSpan limit)
        : base($"The app code ran longer than its limit of {limit.TotalSeconds:0.###} s and was stopped.")
    {
        Limit = limit;
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExecutionBudgetExceededException()
        : base("The app code ran longer than its limit and was stopped.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ExecutionBudgetExceededException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and an inner exception.</summary>
    public ExecutionBudgetExceededException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>The limit that was passed.</summary>
    public TimeSpan Limit { get; }
}
