using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using Conifer.Store.Format;
using Conifer.Store.IO;

namespace Conifer.Store.Repairs;

/// <summary>
/// The store's <c>repairs.jsonl</c>: one JSON object per line for every repair an open made, so that a cut tail or a
/// skipped snapshot stays visible in the history after the log line that reported it has scrolled away. It is
/// informational: recovery never reads it.
/// </summary>
public static class RepairJournal
{
    /// <summary>The file name in the store directory.</summary>
    public const string FileName = "repairs.jsonl";

    private static readonly JsonSerializerOptions s_json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };

    /// <summary>Every repair recorded in <paramref name="directory"/>, oldest first; lines that do not parse are skipped.</summary>
    public static IReadOnlyList<StoreRepair> Read(string directory, IStoreFileSystem? fileSystem = null)
    {
        fileSystem ??= PhysicalFileSystem.Instance;
        var path = Path.Combine(Path.GetFullPath(directory), FileName);
        if (!fileSystem.FileExists(path))
        {
            return [];
        }

        var repairs = new List<StoreRepair>();
        foreach (var line in Encoding.UTF8.GetString(Log.LogRecovery.ReadAll(fileSystem, path)).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            try
            {
                if (JsonSerializer.Deserialize<StoreRepair>(line, s_json) is { } repair)
                {
                    repairs.Add(repair);
                }
            }
            catch (JsonException)
            {
                // A line torn by a crash while it was appended: the repair it described is in the next open's line.
            }
        }

        return repairs;
    }

    internal static void Append(IStoreFileSystem fileSystem, StoreLayout layout, IReadOnlyList<StoreRepair> repairs)
    {
        if (repairs.Count == 0)
        {
            return;
        }

        var text = new StringBuilder();
        foreach (var repair in repairs)
        {
            text.Append(JsonSerializer.Serialize(repair, s_json)).Append('\n');
        }

        var path = layout.PathOf(FileName);
        var created = !fileSystem.FileExists(path);
        using var file = fileSystem.Open(path, created ? StoreFileMode.CreateNew : StoreFileMode.OpenReadWrite);
        file.Write(file.Length, Encoding.UTF8.GetBytes(text.ToString()));
        file.Sync();
        if (created)
        {
            fileSystem.SyncDirectory(layout.Directory);
        }
    }
}
