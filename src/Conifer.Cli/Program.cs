using System.CommandLine;
using Conifer.Cli.Commands;

namespace Conifer.Cli;

/// <summary>The <c>conifer</c> command line: one file per command, this one only wires them up.</summary>
public static class Program
{
    /// <summary>Runs the command line; exit codes: 0 success, 1 rejected, 2 usage or connection error.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("Conifer: host a C# app whose state lives in memory and survives restarts and deploys.")
        {
            RunServerCommand.Create(),
            DeployCommand.Create(),
            ProveDeployCommand.Create(),
            new Command("migrate", "Prepare and rehearse a change of the state type.") { MigrateScaffoldCommand.Create(), MigrateTestCommand.Create(), MigrateListCommand.Create(), MigrateRemoveCommand.Create() },
            new Command("state", "Export or import the state.") { StateExportCommand.Create(), StateImportCommand.Create() },
            ApplyFunctionCommand.Create(),
            ListFunctionsCommand.Create(),
            HistoryCommand.Create(),
            StoreCommand.Create(),
            EvalCommand.Create(),
            RevertCommand.Create(),
        };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            foreach (var error in parsed.Errors)
            {
                Console.Error.WriteLine($"conifer: {error.Message}");
            }
            Console.Error.WriteLine("Run 'conifer --help' for usage.");
            return ExitCodes.UsageOrConnection;
        }
        return parsed.Invoke();
    }
}
