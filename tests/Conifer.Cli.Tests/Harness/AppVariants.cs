namespace Conifer.Cli.Tests.Harness;

/// <summary>Copies of the sample apps with one file replaced, written into a test's temp directory.</summary>
public static class AppVariants
{
    public static string Copy(string sample, TempDirectory temp, string name, params (string Path, string Text)[] replacements)
    {
        var target = temp.Sub(name);
        var source = RepoPaths.SampleApp(sample);
        foreach (var file in Directory.EnumerateFiles(source, "*.cs", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(source, file);
            if (relative.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            {
                continue;
            }
            var destination = Path.Combine(target, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.Copy(file, destination);
        }
        foreach (var (path, text) in replacements)
        {
            var destination = Path.Combine(target, path);
            Directory.CreateDirectory(Path.GetDirectoryName(destination)!);
            File.WriteAllText(destination, text);
        }
        return target;
    }

    /// <summary>counter-text with a <c>Migrate</c> whose body is <paramref name="body"/> (an expression of type (string, Commands)).</summary>
    public static string CounterTextMigrating(TempDirectory temp, string name, string body, string extraMembers = "") =>
        Copy("counter-text", temp, name, ("Backend/MigrateState.cs", $$"""
            namespace Backend;

            public static class MigrateState
            {
                public static (string, Commands) Migrate(int previous) => {{body}};
            {{extraMembers}}
            }
            """));
}
