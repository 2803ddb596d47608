using System.Text.Json;
using System.Text.Json.Serialization;

namespace Conifer.Runtime.Reports;

/// <summary>The JSON shape of reports: camelCase names, enums as strings, indented for people.</summary>
public static class ReportJson
{
    /// <summary>Options shared by the server, the CLI and the report files.</summary>
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };

    /// <summary>Serializes a report.</summary>
    public static string Write(DeployReport report) => JsonSerializer.Serialize(report, Options);

    /// <summary>Reads a report written by <see cref="Write"/>.</summary>
    public static DeployReport? Read(string json) => JsonSerializer.Deserialize<DeployReport>(json, Options);
}
