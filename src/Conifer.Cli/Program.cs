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
            var suggestions = Suggestions.For(parsed).ToList();
            if (suggestions.Count > 0)
            {
                // A mistyped name makes the parser report the words after it as errors too; the typo is the one to fix.
                foreach (var (token, suggestion) in suggestions)
                {
                    Console.Error.WriteLine($"conifer: unknown {(token.StartsWith('-') ? "option" : "command")} '{token}'. Did you mean '{suggestion}'?");
                }
            }
            else
            {
                foreach (var error in parsed.Errors)
                {
                    Console.Error.WriteLine($"conifer: {error.Message}");
                }
            }
            Console.Error.WriteLine($"Run '{CommandPath(parsed)} --help' for usage.");
            return ExitCodes.UsageOrConnection;
        }
        return parsed.Invoke();
    }

    /// <summary>The command the parser got to, as typed: <c>conifer migrate test</c>.</summary>
    private static string CommandPath(ParseResult parsed)
    {
        var names = new List<string>();
        for (System.CommandLine.Parsing.SymbolResult? result = parsed.CommandResult; result is System.CommandLine.Parsing.CommandResult command; result = result.Parent)
        {
            names.Add(command.Parent is null ? "conifer" : command.Command.Name);
        }
        names.Reverse();
        return string.Join(' ', names);
    }
}
