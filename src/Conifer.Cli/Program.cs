using System.CommandLine;

namespace Conifer.Cli;

/// <summary>The <c>conifer</c> command line: one file per command, this one only wires them up.</summary>
public static class Program
{
    /// <summary>Runs the command line; exit codes: 0 success, 1 rejected, 2 usage or connection error.</summary>
    public static int Main(string[] args)
    {
        var root = new RootCommand("Conifer: host a C# app whose state lives in memory and survives restarts and deploys.");
        var runServer = new Command("run-server", "Host an app on a process store (not yet available in this build).");
        runServer.SetAction(_ =>
        {
            Console.Error.WriteLine("conifer run-server: not yet available; the runtime is still being built (see README.md).");
            return 2;
        });
        root.Subcommands.Add(runServer);
        return root.Parse(args).Invoke();
    }
}
