using System.IO.Compression;
using System.Text;
using Conifer.Runtime.Deploy;

namespace Conifer.Runtime.Tests;

public class SourceArchiveTests
{
    [Fact]
    public void A_folder_zipped_and_read_back_keeps_its_sources_and_drops_build_output()
    {
        var folder = Directory.CreateTempSubdirectory("conifer-archive-");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder.FullName, "Backend"));
            Directory.CreateDirectory(Path.Combine(folder.FullName, "bin"));
            Directory.CreateDirectory(Path.Combine(folder.FullName, ".git"));
            File.WriteAllText(Path.Combine(folder.FullName, "Backend", "App.cs"), "// app");
            File.WriteAllText(Path.Combine(folder.FullName, "bin", "App.dll"), "binary");
            File.WriteAllText(Path.Combine(folder.FullName, ".git", "HEAD"), "ref");

            var read = SourceArchive.Read(SourceArchive.Create(folder.FullName));

            var accepted = Assert.IsType<SourceArchiveResult.Accepted>(read);
            Assert.Equal(["Backend/App.cs"], accepted.Files.Keys);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    [Theory]
    [InlineData("../evil.cs", "escapes the source folder")]
    [InlineData("Backend/../../evil.cs", "escapes the source folder")]
    [InlineData("/etc/evil.cs", "absolute path")]
    public void Entries_that_escape_the_folder_are_refused(string name, string expected)
    {
        var refused = Assert.IsType<SourceArchiveResult.Refused>(SourceArchive.Read(Zip((name, "x"u8.ToArray()))));

        Assert.Contains(expected, refused.Reason);
        Assert.Contains(name, refused.Reason);
    }

    [Fact]
    public void A_symbolic_link_entry_is_refused()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            var entry = zip.CreateEntry("Backend/link.cs");
            entry.ExternalAttributes = unchecked((int)(0xA1FFu << 16));
            using var stream = entry.Open();
            stream.Write("/etc/passwd"u8);
        }

        var refused = Assert.IsType<SourceArchiveResult.Refused>(SourceArchive.Read(buffer.ToArray()));

        Assert.Contains("symbolic link", refused.Reason);
    }

    [Fact]
    public void A_zip_bomb_is_refused_before_it_is_expanded()
    {
        var bomb = Zip(("Backend/Bomb.cs", new byte[50 * 1024 * 1024]));

        var refused = Assert.IsType<SourceArchiveResult.Refused>(SourceArchive.Read(bomb));

        Assert.Contains("Backend/Bomb.cs", refused.Reason);
    }

    [Fact]
    public void An_oversized_upload_and_garbage_bytes_are_refused_with_a_reason()
    {
        var limits = SourceArchiveLimits.Default with { MaxArchiveBytes = 10 };

        var tooLarge = Assert.IsType<SourceArchiveResult.Refused>(SourceArchive.Read(Zip(("Backend/App.cs", "// app"u8.ToArray())), limits));
        var garbage = Assert.IsType<SourceArchiveResult.Refused>(SourceArchive.Read(Encoding.UTF8.GetBytes("not a zip at all")));
        var empty = Assert.IsType<SourceArchiveResult.Refused>(SourceArchive.Read(ReadOnlyMemory<byte>.Empty));

        Assert.Contains("limit is 10 bytes", tooLarge.Reason);
        Assert.Contains("not a valid zip", garbage.Reason);
        Assert.Contains("empty", empty.Reason);
    }

    private static byte[] Zip(params (string Name, byte[] Content)[] entries)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, content) in entries)
            {
                using var stream = zip.CreateEntry(name, CompressionLevel.SmallestSize).Open();
                stream.Write(content);
            }
        }
        return buffer.ToArray();
    }
}
