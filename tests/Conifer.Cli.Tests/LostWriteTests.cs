using System.Net;
using Conifer.Cli.Tests.Harness;
using Xunit.Abstractions;

namespace Conifer.Cli.Tests;

/// <summary>
/// A lost-write check in the manner of Jepsen: concurrent clients send unique ids while the server
/// is killed with SIGKILL at random moments and restarted; afterwards every acknowledged id must
/// be there, and nothing that was never sent. The counts are printed (kills, acknowledged, lost)
/// so that a CI log shows what one run proved; each round is bounded (at most 0.6 s of load).
/// </summary>
public class LostWriteTests(ITestOutputHelper output)
{
    private const int Kills = 40;
    private const int Clients = 6;

    private const string IdsApp = """
        namespace Backend;

        public sealed class App : IWebServiceApp<ImmutableSortedSet<string>>
        {
            public static (ImmutableSortedSet<string> State, Commands Commands) Init() => (ImmutableSortedSet<string>.Empty, Commands.None);

            public static (ImmutableSortedSet<string> State, Commands Commands) OnHttpRequest(HttpRequestEvent request, ImmutableSortedSet<string> state)
            {
                if (request.Method == "POST")
                {
                    var next = state.Add(request.BodyText);
                    return (next, Commands.Respond(request.Id, 200, "ok"));
                }
                return (state, Commands.Respond(request.Id, 200, string.Join("\n", state)));
            }
        }
        """;

    [Fact]
    public async Task No_acknowledged_id_is_lost_over_forty_SIGKILLs()
    {
        using var temp = new TempDirectory();
        var app = temp.Sub("ids-app");
        Directory.CreateDirectory(Path.Combine(app, "Backend"));
        await File.WriteAllTextAsync(Path.Combine(app, "Backend", "App.cs"), IdsApp);
        var store = temp.Sub("store");
        var attempted = new HashSet<string>();
        var acknowledged = new HashSet<string>();
        var random = new Random(20261125);

        for (var round = 0; round < Kills; round++)
        {
            await using var server = await ServerProcess.StartAsync(store, deploy: round == 0 ? app : null);
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, Clients).Select(c => RunClientAsync(server, $"r{round}-c{c}", stop.Token)).ToArray();
            await Task.Delay(random.Next(150, 600));
            await server.KillAsync();
            stop.Cancel();
            foreach (var (sent, acked) in await Task.WhenAll(clients))
            {
                attempted.UnionWith(sent);
                acknowledged.UnionWith(acked);
            }
        }

        await using var final = await ServerProcess.StartAsync(store);
        var present = (await final.GetAsync()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToHashSet();
        var lost = acknowledged.Except(present).ToList();
        var unexpected = present.Except(attempted).ToList();
        var recovered = present.Except(acknowledged).Count();
        var counts = $"kills: {Kills}, attempted: {attempted.Count}, acknowledged: {acknowledged.Count}, present: {present.Count}, lost: {lost.Count}, unacknowledged but kept: {recovered}";
        output.WriteLine(counts);
        Console.WriteLine("LostWriteTests: " + counts);

        Assert.True(acknowledged.Count > Kills, $"too few acknowledged writes to mean anything: {acknowledged.Count}");
        Assert.True(lost.Count == 0, $"lost {lost.Count} acknowledged ids, e.g. {string.Join(", ", lost.Take(5))}");
        Assert.True(unexpected.Count == 0, $"{unexpected.Count} ids never sent, e.g. {string.Join(", ", unexpected.Take(5))}");
    }

    private static async Task<(List<string> Sent, List<string> Acknowledged)> RunClientAsync(ServerProcess server, string prefix, CancellationToken stop)
    {
        var sent = new List<string>();
        var acknowledged = new List<string>();
        using var client = new HttpClient { BaseAddress = new Uri(server.PublicUrl), Timeout = TimeSpan.FromSeconds(10) };
        for (var n = 0; !stop.IsCancellationRequested && n < 10_000; n++)
        {
            var id = $"{prefix}-{n}";
            sent.Add(id);
            try
            {
                using var response = await client.PostAsync("/", new StringContent(id), CancellationToken.None);
                if (response.StatusCode == HttpStatusCode.OK && await response.Content.ReadAsStringAsync(CancellationToken.None) == "ok")
                {
                    acknowledged.Add(id);
                }
            }
            catch (HttpRequestException)
            {
                break;
            }
            catch (TaskCanceledException)
            {
                break;
            }
        }
        return (sent, acknowledged);
    }
}
