namespace Conifer.Cli.Tests.Determinism;

/// <summary>
/// One program of the determinism corpus (Determinism/Corpus/*.cs): a whole single-file app whose first lines say
/// what stops it (<c>// stops: …</c>) and whether it is refused (a line marked <c>// expect CNF…</c>) or accepted
/// and replayed to identical states in another environment (<c>// expect: identical …</c>).
/// </summary>
public sealed record CorpusProgram(string Name, string Text, string Stops, string? ExpectedId, int ExpectedLine)
{
    public const string AppPath = "Backend/App.cs";

    public static string Folder { get; } = Path.Combine(AppContext.BaseDirectory, "Determinism", "Corpus");

    public bool IsAccepted => ExpectedId is null;

    public static IReadOnlyList<CorpusProgram> All { get; } =
        [.. Directory.GetFiles(Folder, "*.cs").Order(StringComparer.Ordinal).Select(Read)];

    public static TheoryData<string> Refused() => [.. All.Where(p => !p.IsAccepted).Select(p => p.Name)];

    public static CorpusProgram Named(string name) => All.Single(p => p.Name == name);

    private static CorpusProgram Read(string path)
    {
        var text = File.ReadAllText(path);
        var lines = text.Split('\n');
        var stops = lines.FirstOrDefault(l => l.StartsWith("// stops: ", StringComparison.Ordinal))?["// stops: ".Length..] ?? "";
        string? id = null;
        var line = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var marker = lines[i].IndexOf("// expect CNF", StringComparison.Ordinal);
            if (marker >= 0)
            {
                id = lines[i][(marker + "// expect ".Length)..].Trim();
                line = i + 1;
            }
        }
        return new CorpusProgram(Path.GetFileNameWithoutExtension(path), text, stops, id, line);
    }

    public override string ToString() => Name;
}
