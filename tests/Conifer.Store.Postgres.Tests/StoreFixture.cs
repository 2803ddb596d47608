using Conifer.Store.Locations;
using Npgsql;

namespace Conifer.Store.Postgres.Tests;

/// <summary>A fresh database per test, and the helpers the tests share.</summary>
internal sealed class StoreFixture
{
    public StoreFixture(string app = "app")
    {
        var cluster = Conifer.Tests.Shared.Postgres.PostgresCluster.Shared;
        Uri = cluster.CreateDatabase("store") + "?app=" + app;
        Location = (DatabaseLocation)StoreLocation.Parse(Uri);
    }

    public string Uri { get; }

    public DatabaseLocation Location { get; }

    public static ReplicationOptions Lease(string holder, double ttlSeconds = 2, double waitSeconds = 0) =>
        new() { Holder = holder, LeaseTtl = TimeSpan.FromSeconds(ttlSeconds), LeaseWait = TimeSpan.FromSeconds(waitSeconds), PublicUrl = $"http://127.0.0.1/{holder}" };

    public Task<IOwnedProcessStore> OpenAsync(string holder = "a", double ttlSeconds = 2, double waitSeconds = 0) =>
        PostgresProcessStore.OpenAsync(Location, Lease(holder, ttlSeconds, waitSeconds));

    public async Task<T> ScalarAsync<T>(string sql)
    {
        await using var connection = new NpgsqlConnection(Location.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return (T)(await command.ExecuteScalarAsync())!;
    }

    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(Location.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Ends the current lease in the database, as if its holder had stopped renewing long ago.</summary>
    public Task LapseLeaseAsync() => ExecuteAsync($"UPDATE conifer.heads SET lease_until = now() - interval '1 second' WHERE app = '{Location.App}'");

    public static byte[] Payload(int i) => System.Text.Encoding.UTF8.GetBytes($"event {i}");
}
