namespace Conifer.Cli;

/// <summary>The exit codes every command uses (DESIGN §5).</summary>
internal static class ExitCodes
{
    /// <summary>The command did what was asked.</summary>
    public const int Success = 0;

    /// <summary>The request was rejected: a compile error, a migration failure, a state that does not fit.</summary>
    public const int Rejected = 1;

    /// <summary>Bad usage, or the server or store could not be reached.</summary>
    public const int UsageOrConnection = 2;

    /// <summary>
    /// <c>store verify</c>: no damage, but the log ends in a torn last batch (a crash mid-write) that the next
    /// writable open cuts and reports.
    /// </summary>
    public const int TornTail = 3;
}
