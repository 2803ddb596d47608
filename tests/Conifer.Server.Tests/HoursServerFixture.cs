using Conifer.Server.Tests.Harness;

namespace Conifer.Server.Tests;

/// <summary>One server with hours v1 and a little booked data, shared by the read-only HTTP tests of a class.</summary>
public sealed class HoursServerFixture : IAsyncLifetime
{
    private readonly TempDirectory _temp = new();

    public TestServer Server { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        Server = await TestServer.StartAsync(_temp.Sub("store"), deploy: Path.Combine(RepoPaths.SampleApp("hours"), "v1"));
        await HoursData.BookAsync(Server);
    }

    public async Task DisposeAsync()
    {
        await Server.DisposeAsync();
        _temp.Dispose();
    }
}
