using Conifer.Runtime.Verification;

namespace Conifer.Cli.Commands;

/// <summary>Prints what <c>store verify --replay --other-environment</c> found, and gives its exit code.</summary>
internal static class OtherEnvironmentPrinter
{
    public static int Print(OtherEnvironmentReport report)
    {
        var environment = string.Join(" ", report.Environment.Select(v => $"{v.Key}={v.Value}"));
        if (report.OtherError is { } error)
        {
            Console.Error.WriteLine($"conifer store verify: the replay in another environment did not run: {error}");
            return ExitCodes.Rejected;
        }
        if (report.Here is null && report.There is null)
        {
            var checkpoints = report.OtherReplay is { Matches: false, Divergence: { } divergence }
                ? $"; but there the replay differs from the store: {divergence}"
                : "";
            Console.WriteLine($"Replayed again in another environment ({environment}): {report.RecordsCompared} record(s) give the same state{checkpoints}.");
            return checkpoints.Length == 0 ? ExitCodes.Success : ExitCodes.Rejected;
        }
        var record = report.Here ?? report.There!;
        Console.WriteLine($"Replayed again in another environment ({environment}): the states differ after record {record.Sequence} ({record.Kind}),");
        Console.WriteLine($"  after {report.RecordsCompared} record(s) that agree.");
        Console.WriteLine($"  here:  {report.Here?.StateHash ?? "(not reached)"}");
        Console.WriteLine($"  there: {report.There?.StateHash ?? "(not reached)"}");
        Console.WriteLine("The app reads something of the machine it runs on; docs/app-rules.md lists what the compiler refuses, and this record is where to look.");
        return ExitCodes.Rejected;
    }
}
