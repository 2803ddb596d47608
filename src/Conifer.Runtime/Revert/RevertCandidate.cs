namespace Conifer.Runtime.Revert;

/// <summary>A committed deploy a revert can name, as the deploy reports list it.</summary>
/// <param name="Sequence">Its deploy record's store sequence.</param>
/// <param name="ReportId">Its report id.</param>
/// <param name="Mode"><c>migrate</c>, <c>init</c> or <c>revert</c>.</param>
/// <param name="VersionId">The version it deployed.</param>
/// <param name="BeganAt">When the deploy began.</param>
public sealed record RevertCandidate(long Sequence, string ReportId, string Mode, string? VersionId, DateTimeOffset BeganAt)
{
    /// <summary>One line for an error message: <c>record 3 (report …, migrate, version abc…)</c>.</summary>
    public override string ToString() =>
        $"record {Sequence} (report {ReportId}, {Mode}, version {(VersionId is { } v ? v[..Math.Min(12, v.Length)] : "-")})";
}
