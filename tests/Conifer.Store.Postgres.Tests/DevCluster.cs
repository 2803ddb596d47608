namespace Conifer.Store.Postgres.Tests;

// Temporary until the shared harness lands.
internal static class TestDatabase
{
    private static int s_next;

    public static string Create()
    {
        var server = Environment.GetEnvironmentVariable("CONIFER_TEST_POSTGRES") ?? throw new InvalidOperationException("set CONIFER_TEST_POSTGRES");
        var name = $"t{Environment.ProcessId}_{Interlocked.Increment(ref s_next)}_{Guid.NewGuid():N}"[..40];
        using var connection = new Npgsql.NpgsqlConnection(ToConnectionString(server));
        connection.Open();
        using var command = new Npgsql.NpgsqlCommand($"CREATE DATABASE {name}", connection);
        command.ExecuteNonQuery();
        var uri = new Uri(server);
        return $"postgresql://{uri.UserInfo}@{uri.Host}:{uri.Port}/{name}";
    }

    private static string ToConnectionString(string uri) => ((Locations.DatabaseLocation)Locations.StoreLocation.Parse(uri)).ConnectionString;
}
