namespace Conifer.Testing;

/// <summary>The migrated state does not fit the test's own <c>State</c> type: the test compiles different sources than the app folder it tests.</summary>
public sealed class MigrationStateMismatchException : Exception
{
    /// <summary>Creates the exception naming the type and every mismatch.</summary>
    public MigrationStateMismatchException(Type type, IEnumerable<string> mismatches)
        : base($"The migrated state does not fit {type.FullName} as the test project compiled it; does the test compile the same sources as the app folder?{Environment.NewLine}  "
            + string.Join(Environment.NewLine + "  ", mismatches))
    {
    }
}
