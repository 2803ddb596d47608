using System.IO;
using System.Text.Json;
using Conifer.Testing;

namespace Hours.Tests;

public class HoursMigrationTests
{
    [Fact]
    public void V1_to_v2_renames_title_to_name_and_turns_archived_into_a_status()
    {
        var result = MigrationTest.Run(Folder("v2"), Fixture("v1-state.json")).EnsurePassed();

        using var state = JsonDocument.Parse(result.Json!);
        var projects = state.RootElement.GetProperty("Projects").GetProperty("$dict");
        Assert.Equal("OLD", projects[0][0].GetString());
        Assert.Equal("Archived", projects[0][1].GetProperty("Status").GetProperty("$tag").GetString());
        Assert.Equal("Web shop", projects[1][1].GetProperty("Name").GetString());
        Assert.Equal("Active", projects[1][1].GetProperty("Status").GetProperty("$tag").GetString());
    }

    [Fact]
    public void V2_to_v3_moves_entries_under_projects_and_keeps_every_password_hash()
    {
        var state = MigrationTest.Run<Backend.State>(Folder("v3"), Fixture("v2-state.json")).PassedState();

        Assert.Equal([1L, 3L], state.Projects["WEB"].Entries.Select(e => e.Id));
        Assert.Equal([2L], state.Projects["OLD"].Entries.Select(e => e.Id));
        Assert.IsType<Backend.ProjectStatus.Archived>(state.Projects["OLD"].Status);
        Assert.Equal(["alice", "root"], state.Credentials.Keys);
        Assert.True(Backend.Passwords.Verify(state.Credentials["alice"].Salt, state.Credentials["alice"].PasswordHash, "alice-pw"));
        Assert.True(Backend.Passwords.Verify(state.Credentials["root"].Salt, state.Credentials["root"].PasswordHash, "welcome"));
        Assert.Equal(4, state.NextEntryId);
    }

    [Fact]
    public void A_v1_state_does_not_fit_v3s_previous_types_and_every_mismatch_is_listed()
    {
        var result = MigrationTest.Run(Folder("v3"), Fixture("v1-state.json"));

        Assert.False(result.Passed);
        Assert.Contains(result.Mismatches, m => m.StartsWith("$.Projects[\"OLD\"].Name: stored record without field 'Name'", StringComparison.Ordinal));
        Assert.Contains(result.Mismatches, m => m.StartsWith("$.Projects[\"WEB\"].Status: stored record without field 'Status'", StringComparison.Ordinal));
        Assert.Throws<MigrationTestFailedException>(() => result.EnsurePassed());
    }

    [Fact]
    public void Init_seeds_root_with_password_welcome_and_every_role()
    {
        var (state, _) = Backend.App.Init();

        Assert.True(Backend.Passwords.Verify(state.Credentials["root"].Salt, state.Credentials["root"].PasswordHash, "welcome"));
        Assert.Equal(3, state.Users["root"].Roles.Length);
    }

    private static FileInfo Fixture(string name) => new(Path.Combine(AppContext.BaseDirectory, "fixtures", name));

    /// <summary>A version folder of the hours sample (beside this tests folder).</summary>
    private static string Folder(string version)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "hours-tests.csproj")))
            {
                return Path.Combine(dir.Parent!.FullName, version);
            }
        }
        throw new DirectoryNotFoundException("sample-apps/hours/tests not found above " + AppContext.BaseDirectory);
    }
}
