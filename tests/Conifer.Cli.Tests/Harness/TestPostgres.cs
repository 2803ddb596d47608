using Conifer.Store.Locations;

namespace Conifer.Cli.Tests.Harness;

/// <summary>
/// A fresh database on the test run's PostgreSQL cluster (<c>CONIFER_TEST_POSTGRES</c>, a
/// <c>postgresql://user@host:port/db</c> URI that .ci/run sets), or none when no cluster was given.
/// </summary>
public static class TestPostgres
{
    private static int s_next;

    /// <summary>A store URI for <paramref name="app"/> in a new database, or null without a cluster (the test then checks nothing).</summary>
    public static string? NewStoreUri(string app)
    {
        if (Environment.GetEnvironmentVariable("CONIFER_TEST_POSTGRES") is not { Length: > 0 } server)
        {
            return null;
        }
        var name = $"cli{Environment.ProcessId}_{Interlocked.Increment(ref s_next)}_{Guid.NewGuid():N}"[..40];
        using var connection = new Npgsql.NpgsqlConnection(((DatabaseLocation)StoreLocation.Parse(server)).ConnectionString);
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        var uri = new Uri(server);
        return $"postgresql://{uri.UserInfo}@{uri.Host}:{uri.Port}/{name}?app={app}";
    }
}
