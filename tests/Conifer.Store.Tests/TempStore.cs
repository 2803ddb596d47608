namespace Conifer.Store.Tests;

/// <summary>A temporary store directory that deletes itself.</summary>
public sealed class TempStore : IDisposable
{
    public TempStore()
    {
        Directory = Path.Combine(Path.GetTempPath(), "conifer-store-tests", Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(Directory);
    }

    public string Directory { get; }

    public string PathOf(string name) => Path.Combine(Directory, name);

    public string[] Segments() => [.. System.IO.Directory.GetFiles(Directory, "log-*.seg").Order(StringComparer.Ordinal)];

    public void Dispose()
    {
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
