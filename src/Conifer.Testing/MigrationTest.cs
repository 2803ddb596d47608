using System.Text;
using Conifer.Compiler;
using Conifer.Runtime.Rehearsal;
using Conifer.Values.Lenient;
using Conifer.Values.Mapping;

namespace Conifer.Testing;

/// <summary>
/// Tests a migration in your own test suite (DESIGN §7): compiles the app folder with Conifer's
/// compiler and rules, reads a fixture (an export from <c>conifer state export</c>, or a state
/// tree in JSON) as the app's <c>Prev</c>, runs <c>Migrate</c> and checks the new state, through
/// the same code the runtime's deploy runs (<see cref="MigrationRehearsal"/>).
/// </summary>
/// <example>
/// A complete xUnit test (the test project compiles the new version's sources too, so the
/// result is its own <c>Backend.State</c>; see sample-apps/hours/tests):
/// <code><![CDATA[
/// public class MigrationTests
/// {
///     [Fact]
///     public void Entries_move_under_their_project()
///     {
///         var result = MigrationTest.Run<Backend.State>("../v3", new FileInfo("fixtures/v2-state.json"));
///
///         var state = result.PassedState();
///         Assert.Equal(2, state.Projects["WEB"].Entries.Length);
///         Assert.Equal(["alice", "root"], state.Credentials.Keys);
///     }
/// }
/// ]]></code>
/// </example>
public static class MigrationTest
{
    /// <summary>Rehearses deploying the app in <paramref name="srcDir"/> onto the state in <paramref name="fixtureJson"/>.</summary>
    /// <param name="srcDir">The new version's folder (relative paths are resolved against the current directory).</param>
    /// <param name="fixtureJson">An export (<c>{"coniferExport":1, "versionId":…, "state":…}</c>) or a bare state tree in JSON.</param>
    /// <returns>The report and, when it passed, the new state as an object of the app's type and as a tree.</returns>
    public static MigrationTestResult Run(string srcDir, string fixtureJson)
    {
        ArgumentNullException.ThrowIfNull(fixtureJson);
        var (report, state, tree) = Rehearse(srcDir, StateExport.Read(Encoding.UTF8.GetBytes(fixtureJson)));
        return new MigrationTestResult(report, state, tree);
    }

    /// <summary>Rehearses deploying the app in <paramref name="srcDir"/> onto a fixture file (JSON, or a <c>.cvt</c> value document).</summary>
    public static MigrationTestResult Run(string srcDir, FileInfo fixtureFile)
    {
        ArgumentNullException.ThrowIfNull(fixtureFile);
        var (report, state, tree) = Rehearse(srcDir, StateExport.ReadFile(fixtureFile.FullName));
        return new MigrationTestResult(report, state, tree);
    }

    /// <summary>As <see cref="Run(string, string)"/>, and reads the new state as the test's own <typeparamref name="TState"/>.</summary>
    /// <typeparam name="TState">The app's <c>State</c> as the test project compiled it.</typeparam>
    /// <exception cref="MigrationStateMismatchException">The new state does not fit <typeparamref name="TState"/>.</exception>
    public static MigrationTestResult<TState> Run<TState>(string srcDir, string fixtureJson)
    {
        ArgumentNullException.ThrowIfNull(fixtureJson);
        return Typed<TState>(Rehearse(srcDir, StateExport.Read(Encoding.UTF8.GetBytes(fixtureJson))));
    }

    /// <summary>As <see cref="Run(string, FileInfo)"/>, and reads the new state as the test's own <typeparamref name="TState"/>.</summary>
    /// <typeparam name="TState">The app's <c>State</c> as the test project compiled it.</typeparam>
    /// <exception cref="MigrationStateMismatchException">The new state does not fit <typeparamref name="TState"/>.</exception>
    public static MigrationTestResult<TState> Run<TState>(string srcDir, FileInfo fixtureFile)
    {
        ArgumentNullException.ThrowIfNull(fixtureFile);
        return Typed<TState>(Rehearse(srcDir, StateExport.ReadFile(fixtureFile.FullName)));
    }

    private static MigrationTestResult<TState> Typed<TState>((Runtime.Reports.DeployReport Report, object? State, Values.Value? Tree) run)
    {
        if (run.Tree is null)
        {
            return new MigrationTestResult<TState>(run.Report, null, null, default);
        }
        return ValueMapper.For(typeof(TState)).FromValue(run.Tree) switch
        {
            LenientResult<object?>.Fits fits => new MigrationTestResult<TState>(run.Report, run.State, run.Tree, (TState?)fits.Value),
            LenientResult<object?>.Mismatches m => throw new MigrationStateMismatchException(typeof(TState), m.All.Select(x => x.ToString())),
            _ => throw new InvalidOperationException($"{nameof(MigrationTest)}: unhandled lenient result."),
        };
    }

    private static (Runtime.Reports.DeployReport Report, object? State, Values.Value? Tree) Rehearse(string srcDir, StateExport fixture)
    {
        ArgumentNullException.ThrowIfNull(srcDir);
        var source = AppSource.FromDirectory(srcDir);
        // Compiled in memory, once per version and test run, so many fixtures against one version compile it once.
        var result = MigrationRehearsal.Run(source, fixture.State, storedVersionId: fixture.VersionId);
        return (result.Report, result.NewState, result.NewTree);
    }
}
