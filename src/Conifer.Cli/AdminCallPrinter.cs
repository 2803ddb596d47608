using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conifer.Cli;

/// <summary>Prints an admin call's JSON document (<c>AdminCallJson</c>) for people, or as is with <c>--json</c>; returns the exit code.</summary>
internal static class AdminCallPrinter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static int Print(string command, JsonObject document, bool json)
    {
        var outcome = document["outcome"]?.GetValue<string>();
        if (json)
        {
            Console.WriteLine(document.ToJsonString(Indented));
            return outcome == "refused" ? ExitCodes.Rejected : ExitCodes.Success;
        }
        switch (outcome)
        {
            case "read":
                Console.WriteLine(document["result"]?.ToJsonString(Indented) ?? "null");
                return ExitCodes.Success;
            case "dry-run":
                Console.WriteLine("Dry run: nothing was changed. Run again with --commit to apply.");
                PrintChanges(document);
                return ExitCodes.Success;
            case "committed":
                Console.WriteLine($"Committed as log record {document["sequence"]}.");
                PrintChanges(document);
                return ExitCodes.Success;
            default:
                Console.Error.WriteLine($"conifer {command}: {document["error"]?.GetValue<string>() ?? document.ToJsonString()}");
                Console.Error.WriteLine("Nothing was changed.");
                return ExitCodes.Rejected;
        }
    }

    private static void PrintChanges(JsonObject document)
    {
        var changes = document["changes"]?.AsArray() ?? [];
        Console.WriteLine(changes.Count == 0 ? "The state is unchanged." : "Changes:");
        foreach (var change in changes)
        {
            Console.WriteLine("  " + change?.GetValue<string>());
        }
        Console.WriteLine("New state:");
        Console.WriteLine(document["newState"]?.ToJsonString(Indented) ?? "null");
    }
}
