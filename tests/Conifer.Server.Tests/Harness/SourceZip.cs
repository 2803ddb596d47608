using System.IO.Compression;

namespace Conifer.Server.Tests.Harness;

/// <summary>Zips an app's source folder the way <c>conifer deploy</c> uploads it: the .cs files, without bin/ and obj/.</summary>
public static class SourceZip
{
    public static byte[] Of(string folder)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var file in Directory.EnumerateFiles(folder, "*.cs", SearchOption.AllDirectories))
            {
                var relative = Path.GetRelativePath(folder, file).Replace('\\', '/');
                if (relative.Split('/').Any(p => p is "bin" or "obj"))
                {
                    continue;
                }
                zip.CreateEntryFromFile(file, relative);
            }
        }
        return buffer.ToArray();
    }

    public static string WriteFile(string folder, string path)
    {
        File.WriteAllBytes(path, Of(folder));
        return path;
    }
}
