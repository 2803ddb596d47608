using System.CommandLine;
using System.Text.Json;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Verification;

namespace Conifer.Cli.Commands;

/// <summary>
/// <c>conifer store replay-trace DIR…</c> (hidden): replays each store and prints one JSON line per store with the
/// state after each record. It is the other process of <c>store verify --replay --other-environment</c>, started
/// with another machine's environment (<see cref="OtherEnvironmentReplay"/>); several stores share one process.
/// </summary>
internal static class StoreReplayTraceCommand
{
    public static Command Create()
    {
        var dirs = new Argument<string[]>("DIR") { Description = "The stores: " + StoreArgument.Help + " each.", Arity = ArgumentArity.OneOrMore };
        var command = new Command("replay-trace", "Replay stores and print the state after each record (used by verify --other-environment).")
        {
            dirs,
        };
        command.Hidden = true;
        command.SetAction(async (result, cancellationToken) =>
        {
            foreach (var dir in result.GetValue(dirs)!)
            {
                var traced = await TracedReplay.RunAsync(dir).ConfigureAwait(false);
                Console.WriteLine(JsonSerializer.Serialize(traced, ReportJson.Options).ReplaceLineEndings(""));
            }
            return ExitCodes.Success;
        });
        return command;
    }
}
