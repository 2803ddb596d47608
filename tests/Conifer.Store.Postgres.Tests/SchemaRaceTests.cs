namespace Conifer.Store.Postgres.Tests;

/// <summary>
/// Processes that open a fresh database at the same moment (a primary and its standbys started together) race to
/// create Conifer's tables: exactly one creates them, the others must see them, never fail on them.
/// </summary>
public sealed class SchemaRaceTests
{
    [Fact]
    public async Task Opens_racing_on_a_fresh_database_all_succeed()
    {
        var failures = new List<string>();
        for (var round = 0; round < 5; round++)
        {
            var fixture = new StoreFixture();
            var opens = Enumerable.Range(0, 4).Select(_ => Task.Run(() => PostgresFollower.OpenAsync(fixture.Location))).ToArray();
            try
            {
                await Task.WhenAll(opens);
            }
            catch (Exception)
            {
                failures.AddRange(opens.Where(o => o.IsFaulted).Select(o => $"round {round}: {o.Exception!.InnerException!.Message}"));
            }
            foreach (var open in opens.Where(o => o.IsCompletedSuccessfully))
            {
                await (await open).DisposeAsync();
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }
}
