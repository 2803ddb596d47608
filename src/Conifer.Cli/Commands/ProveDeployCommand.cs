using System.CommandLine;
using Conifer.Runtime.Deploy;

namespace Conifer.Cli.Commands;

/// <summary>The hidden command a deploy starts in a child process to prove its migration (see <see cref="ProvingRun"/>); its arguments are <see cref="ProvingArguments"/>.</summary>
internal static class ProveDeployCommand
{
    public static Command Create()
    {
        var arguments = new Argument<string[]>("ARGUMENTS") { Arity = new ArgumentArity(ProvingArguments.Count, ProvingArguments.Count) };
        var command = new Command(ProvingRun.CommandName, "Internal: prove a deploy's migration in a throwaway process.")
        {
            arguments,
        };
        command.Hidden = true;
        command.SetAction(result => ProvingRun.Run(ProvingArguments.Parse(result.GetValue(arguments)!)));
        return command;
    }
}
