using System.CommandLine;
using Conifer.Runtime.Deploy;

namespace Conifer.Cli.Commands;

/// <summary>The hidden command a deploy starts in a child process to prove its migration (see <see cref="ProvingRun"/>).</summary>
internal static class ProveDeployCommand
{
    public static Command Create()
    {
        var compiled = new Argument<string>("COMPILED_CACHE");
        var version = new Argument<string>("VERSION");
        var mode = new Argument<string>("MODE");
        var state = new Argument<string>("STATE");
        var output = new Argument<string>("OUT");
        var command = new Command(ProvingRun.CommandName, "Internal: prove a deploy's migration in a throwaway process.")
        {
            compiled, version, mode, state, output,
        };
        command.Hidden = true;
        command.SetAction(result => ProvingRun.Run(
            result.GetValue(compiled)!,
            result.GetValue(version)!,
            result.GetValue(mode) == "init",
            result.GetValue(state) is "-" ? null : result.GetValue(state),
            result.GetValue(output)!));
        return command;
    }
}
