using System.Collections.Immutable;

namespace Conifer.Runtime.Log;

/// <summary>
/// The payload of an apply-admin-function log record: what an administrator ran, not what it
/// produced, so replay runs it again with the version named here and reaches the same state.
/// </summary>
public abstract record AdminRecord
{
    private AdminRecord()
    {
    }

    /// <summary>An admin function of <c>Backend.AdminFunctions</c>.</summary>
    /// <param name="VersionId">The app version it ran under.</param>
    /// <param name="Name">The function's name.</param>
    /// <param name="Arguments">Each caller argument in the value tree's JSON form (exact round trip).</param>
    public sealed record Function(string VersionId, string Name, ImmutableArray<string> Arguments) : AdminRecord;

    /// <summary>A C# script (<c>conifer eval --commit</c>) that returned the new state.</summary>
    /// <param name="VersionId">The app version it ran under.</param>
    /// <param name="Source">The script exactly as written.</param>
    public sealed record Eval(string VersionId, string Source) : AdminRecord;
}
