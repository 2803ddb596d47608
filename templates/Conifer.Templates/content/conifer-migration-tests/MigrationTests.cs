using System.Reflection;
using Conifer.Testing;

namespace ConiferApp.MigrationTests;

/// <summary>
/// Runs the app's migration on a state fixture exactly as a deploy would: compile with Conifer's
/// rules, read the fixture as the previous types, apply each migration step, check the new state.
/// Export a fixture from a running server with <c>conifer state export HOST --out fixtures/state.json</c>.
/// </summary>
public class MigrationTests
{
    private static readonly string AppFolder = typeof(MigrationTests).Assembly
        .GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == "ConiferAppFolder").Value!;

    [Fact]
    public void The_fixture_migrates_to_the_current_state()
    {
        var result = MigrationTest.Run<Backend.State>(AppFolder, new FileInfo("fixtures/state.json"));

        var state = result.PassedState();
        // Assert on what your migration decided, for example:
        Assert.NotNull(state);
    }
}
