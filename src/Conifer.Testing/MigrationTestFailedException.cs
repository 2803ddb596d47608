using System.Text;
using Conifer.Runtime.Reports;

namespace Conifer.Testing;

/// <summary>A migration under test was rejected; the message holds the error, each step, every diagnostic and mismatch, and the exception.</summary>
public sealed class MigrationTestFailedException : Exception
{
    /// <summary>Creates the exception from a rejected report.</summary>
    public MigrationTestFailedException(DeployReport report)
        : base(Describe(report)) => Report = report;

    /// <summary>The rejected report.</summary>
    public DeployReport Report { get; }

    private static string Describe(DeployReport report)
    {
        var text = new StringBuilder($"The migration was rejected: {report.Error}");
        foreach (var step in report.Steps)
        {
            text.Append(Environment.NewLine).Append($"  {(step.Ok ? "ok  " : "FAIL")} {step.Name} {step.Detail}");
        }
        foreach (var line in report.Diagnostics.Concat(report.Mismatches))
        {
            text.Append(Environment.NewLine).Append("  ").Append(line);
        }
        if (report.MigrationException is { } exception)
        {
            text.Append(Environment.NewLine).Append(exception);
        }
        return text.ToString();
    }
}
