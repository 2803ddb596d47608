using System.Text.Json;
using System.Text.Json.Nodes;

namespace Conifer.Cli;

/// <summary>What <c>--json</c> prints: one indented JSON document on standard output, for a command's result.</summary>
internal static class JsonOutput
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(JsonObject document) => Console.WriteLine(document.ToJsonString(Indented));
}
