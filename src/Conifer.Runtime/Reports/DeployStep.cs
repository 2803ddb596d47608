namespace Conifer.Runtime.Reports;

/// <summary>One step of a deploy attempt, as the report shows it.</summary>
/// <param name="Name">compile, read-previous-state, migrate (or init), check-new-state, persist, swap.</param>
/// <param name="DurationMilli">Wall time the step took.</param>
/// <param name="Ok">Whether the step succeeded.</param>
/// <param name="Detail">A one-line summary (counts, sizes) or the failure.</param>
public sealed record DeployStep(string Name, double DurationMilli, bool Ok, string? Detail)
{
    /// <summary>A step that began at the <see cref="System.Diagnostics.Stopwatch"/> timestamp <paramref name="started"/> and ends now.</summary>
    public static DeployStep Since(string name, long started, bool ok, string? detail) =>
        new(name, System.Diagnostics.Stopwatch.GetElapsedTime(started).TotalMilliseconds, ok, detail);
}
