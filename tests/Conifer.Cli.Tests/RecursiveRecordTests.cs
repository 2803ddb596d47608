using Conifer.Cli.Tests.Harness;

namespace Conifer.Cli.Tests;

/// <summary>
/// A record that can contain itself gets compiler-written Equals, GetHashCode and ToString that
/// recurse without the stack check: comparing two values nested millions deep would end the server.
/// Such records are refused in apps and in eval unless they write those members themselves.
/// </summary>
public class RecursiveRecordTests
{
    private const string DeepCompare = """
        record Link(Link? Next);
        Link Chain(int depth) { Link l = new Link(null); for (var i = 0; i < depth; i++) { l = new Link(l); } return l; }
        Chain(3_000_000) == Chain(3_000_000)
        """;

    private const string AppWithRecursiveRecord = """
        namespace Backend;

        public sealed record Node(int Value, Node? Next);

        public sealed class App : IWebServiceApp<int>
        {
            public static (int State, Commands Commands) Init() => (0, Commands.None);

            public static (int State, Commands Commands) OnHttpRequest(HttpRequestEvent request, int state)
            {
                var deep = new Node(0, null);
                for (var i = 0; i < 3_000_000; i++) { deep = new Node(i, deep); }
                var same = deep == new Node(deep.Value, deep.Next);
                return (state, Commands.Respond(request.Id, 200, same.ToString()));
            }
        }
        """;

    [Fact]
    public async Task An_eval_comparing_records_nested_millions_deep_is_refused_and_the_server_serves_on()
    {
        using var temp = new TempDirectory();
        await using var server = await ServerProcess.StartAsync(temp.Sub("store"), deploy: RepoPaths.SampleApp("counter"));
        await server.PostAsync("7");

        var eval = await ConiferCli.RunWithPasswordAsync(ServerProcess.Password, "eval", server.AdminUrl, DeepCompare);

        Assert.NotEqual(0, eval.ExitCode);
        Assert.Contains("CNF0306", eval.ToString());
        Assert.Contains("record Link can contain itself (through Link.Next)", eval.ToString());
        Assert.Equal("7", await server.GetAsync());
    }

    [Fact]
    public async Task A_deploy_of_an_app_with_a_record_that_contains_itself_is_refused_at_the_record()
    {
        using var temp = new TempDirectory();
        var app = temp.Sub("app");
        Directory.CreateDirectory(Path.Combine(app, "Backend"));
        await File.WriteAllTextAsync(Path.Combine(app, "Backend", "App.cs"), AppWithRecursiveRecord);
        Directory.CreateDirectory(temp.Sub("store"));

        var deploy = await ConiferCli.RunAsync("deploy", app, temp.Sub("store"), "--dry-run");

        Assert.Equal(1, deploy.ExitCode);
        Assert.Contains("Backend/App.cs:3", deploy.ToString());
        Assert.Contains("CNF0306", deploy.ToString());
        Assert.Contains("write Equals(Node? other), GetHashCode() and PrintMembers(StringBuilder builder) in Node yourself", deploy.ToString());
    }
}
