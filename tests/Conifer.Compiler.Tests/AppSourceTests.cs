using System.Text;

namespace Conifer.Compiler.Tests;

public sealed class AppSourceTests
{
    [Fact]
    public void Reading_the_same_folder_twice_gives_the_same_version_id()
    {
        using var dir = new TempDirectory();
        dir.Write("Backend/App.cs", "class A {}");
        dir.Write("Backend/State.cs", "class S {}");

        Assert.Equal(AppSource.FromDirectory(dir.Path).VersionId, AppSource.FromDirectory(dir.Path).VersionId);
        Assert.Matches("^[0-9a-f]{64}$", AppSource.FromDirectory(dir.Path).VersionId);
    }

    [Fact]
    public void Moving_a_file_changes_the_version_id()
    {
        using var dir = new TempDirectory();
        dir.Write("Backend/App.cs", "class A {}");
        var before = AppSource.FromDirectory(dir.Path).VersionId;
        Directory.CreateDirectory(Path.Combine(dir.Path, "Other"));
        File.Move(Path.Combine(dir.Path, "Backend/App.cs"), Path.Combine(dir.Path, "Other/App.cs"));

        Assert.NotEqual(before, AppSource.FromDirectory(dir.Path).VersionId);
    }

    [Fact]
    public void Editing_bin_obj_dot_folders_and_non_cs_files_does_not_change_the_version_id()
    {
        using var dir = new TempDirectory();
        dir.Write("Backend/App.cs", "class A {}");
        var before = AppSource.FromDirectory(dir.Path);
        dir.Write("bin/Debug/Generated.cs", "class B {}");
        dir.Write("obj/X.AssemblyInfo.cs", "class C {}");
        dir.Write(".git/hooks/x.cs", "class D {}");
        dir.Write("Backend/.hidden/y.cs", "class E {}");
        dir.Write("counter.csproj", "<Project />");
        dir.Write("README.md", "hello");

        var after = AppSource.FromDirectory(dir.Path);
        Assert.Equal(before.VersionId, after.VersionId);
        Assert.Equal(["Backend/App.cs"], after.Files.Select(f => f.Path));
    }

    [Fact]
    public void Editing_a_source_file_changes_the_version_id()
    {
        using var dir = new TempDirectory();
        dir.Write("Backend/App.cs", "class A {}");
        var before = AppSource.FromDirectory(dir.Path).VersionId;
        dir.Write("Backend/App.cs", "class A { }");
        Assert.NotEqual(before, AppSource.FromDirectory(dir.Path).VersionId);
    }

    [Fact]
    public void A_folder_and_the_same_files_in_memory_have_the_same_id_and_sorted_paths()
    {
        using var dir = new TempDirectory();
        dir.Write("b.cs", "class B {}");
        dir.Write("Backend/a.cs", "class A {}");
        var fromDisk = AppSource.FromDirectory(dir.Path);
        var fromZip = AppSource.FromBytes(
        [
            KeyValuePair.Create("b.cs", Encoding.UTF8.GetBytes("class B {}")),
            KeyValuePair.Create("Backend\\a.cs", Encoding.UTF8.GetBytes("class A {}")),
            KeyValuePair.Create("bin/x.cs", Encoding.UTF8.GetBytes("junk")),
        ]);

        Assert.Equal(fromDisk.VersionId, fromZip.VersionId);
        Assert.Equal(["Backend/a.cs", "b.cs"], fromZip.Files.Select(f => f.Path));
    }

    [Fact]
    public void Framing_keeps_path_and_content_apart()
    {
        var a = TestApps.Source(("ab.cs", "c"));
        var b = TestApps.Source(("a.cs", "bc"));
        var c = TestApps.Source(("a.cs", ""), ("b.cs", "x"));
        var d = TestApps.Source(("a.cs", "x"), ("b.cs", ""));
        Assert.NotEqual(a.VersionId, b.VersionId);
        Assert.NotEqual(c.VersionId, d.VersionId);
    }

    [Theory]
    [InlineData("../escape.cs")]
    [InlineData("/abs.cs")]
    [InlineData("a//b.cs")]
    public void Paths_that_leave_the_app_folder_are_rejected(string path) =>
        Assert.Throws<ArgumentException>(() => TestApps.Source((path, "class A {}")));

    [Fact]
    public void A_byte_order_mark_is_dropped_from_the_text_but_kept_in_the_hash()
    {
        var withBom = AppSource.FromBytes([KeyValuePair.Create("a.cs", new byte[] { 0xEF, 0xBB, 0xBF, (byte)'x' })]);
        var without = TestApps.Source(("a.cs", "x"));
        Assert.Equal("x", withBom.Files[0].Text);
        Assert.NotEqual(withBom.VersionId, without.VersionId);
    }
}
