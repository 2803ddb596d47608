using Conifer.Runtime.Rehearsal;
using Conifer.Values;

namespace Conifer.Testing.Tests;

public class MigrationTestTests
{
    private static string Sample(string name)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Runtime.sln")))
            {
                return Path.Combine(dir.FullName, "sample-apps", name);
            }
        }
        throw new DirectoryNotFoundException("Runtime.sln not found above " + AppContext.BaseDirectory);
    }

    [Fact]
    public void A_bare_json_fixture_migrates_to_the_new_state_with_the_deploys_steps()
    {
        var result = MigrationTest.Run(Sample("counter-text"), "14");

        Assert.True(result.Passed, result.Report.Error);
        Assert.Equal("14", result.StateObject);
        Assert.Equal(new Value.String("14"), result.Tree);
        Assert.Equal(["compile", "read-previous-state", "migrate", "check-new-state"], result.Report.Steps.Select(s => s.Name));
    }

    [Fact]
    public void The_typed_overload_reads_the_new_state_as_the_tests_own_type()
    {
        var export = """{"coniferExport": 1, "versionId": "abc", "state": 41}""";

        var result = MigrationTest.Run<string>(Sample("counter-text"), export);

        Assert.Equal("41", result.PassedState());
        Assert.Equal("abc", result.Report.PreviousVersionId);
    }

    [Fact]
    public void A_fixture_file_in_messagepack_works_like_json()
    {
        var path = Path.Combine(Path.GetTempPath(), $"conifer-testing-{Guid.NewGuid():N}.cvt");
        try
        {
            new StateExport("v1", new Value.Int(7)).WriteFile(path);

            var result = MigrationTest.Run(Sample("counter-text"), new FileInfo(path));

            Assert.Equal("7", result.EnsurePassed().StateObject);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void A_fixture_that_does_not_fit_lists_its_mismatch_and_changes_nothing()
    {
        var result = MigrationTest.Run(Sample("counter-text"), "\"fourteen\"");

        Assert.False(result.Passed);
        Assert.Null(result.StateObject);
        Assert.Equal("$: stored String \"fourteen\", expected int", Assert.Single(result.Mismatches));
        var failure = Assert.Throws<MigrationTestFailedException>(() => result.EnsurePassed());
        Assert.Contains("$: stored String \"fourteen\", expected int", failure.Message);
    }

    [Fact]
    public void A_migration_that_throws_is_rejected_with_its_exception()
    {
        var folder = Path.Combine(Path.GetTempPath(), $"conifer-testing-{Guid.NewGuid():N}");
        try
        {
            Directory.CreateDirectory(Path.Combine(folder, "Backend"));
            File.Copy(Path.Combine(Sample("counter-text"), "Backend", "App.cs"), Path.Combine(folder, "Backend", "App.cs"));
            File.WriteAllText(Path.Combine(folder, "Backend", "MigrateState.cs"), """
                namespace Backend;

                public static class MigrateState
                {
                    public static (string, Commands) Migrate(int previous) =>
                        previous < 0 ? ("", Commands.None) : throw new ArgumentException("no counters above zero");
                }
                """);

            var result = MigrationTest.Run(folder, "3");

            Assert.False(result.Passed);
            Assert.Equal("Migrate threw ArgumentException: no counters above zero", result.Report.Error);
            Assert.Contains("no counters above zero", result.Report.MigrationException);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void A_migration_that_declares_the_wrong_previous_type_is_rejected_before_it_runs()
    {
        var result = MigrationTest.Run(Sample("counter-bad-migration"), "3");

        Assert.False(result.Passed);
        Assert.Equal("$: stored Int 3, expected string", Assert.Single(result.Mismatches));
    }

    [Fact]
    public void A_typed_read_into_a_type_the_state_does_not_fit_names_every_mismatch()
    {
        var failure = Assert.Throws<MigrationStateMismatchException>(() => MigrationTest.Run<int>(Sample("counter-text"), "14"));

        Assert.Contains("$: stored String \"14\", expected int", failure.Message);
    }
}
