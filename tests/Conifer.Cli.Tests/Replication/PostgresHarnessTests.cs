using System.Diagnostics;
using Conifer.Tests.Shared.Network;
using Conifer.Tests.Shared.Postgres;
using Npgsql;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// The PostgreSQL test harness itself: the shared cluster, databases per test, the TCP proxy that cuts a
/// connection, restart in place. Tests that restart or stop a server use a cluster of their own, never the shared
/// one other tests are using.
/// </summary>
public sealed class PostgresHarnessTests
{
    private static readonly TimeSpan s_limit = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_created_database_is_a_fresh_empty_database_that_takes_queries()
    {
        var cluster = PostgresCluster.Shared;

        var uri = cluster.CreateDatabase("harness");

        Assert.StartsWith($"postgresql://postgres@127.0.0.1:{cluster.Port}/harness_", uri, StringComparison.Ordinal);
        Assert.Equal(0L, await cluster.ScalarAsync<long>(uri, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'"));
        await cluster.ExecuteAsync(uri, "CREATE TABLE t (id int PRIMARY KEY, body text); INSERT INTO t VALUES (1, 'ä one');");
        await using var connection = new NpgsqlConnection(cluster.ConnectionString(uri));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT body FROM t WHERE id = 1", connection);
        Assert.Equal("ä one", await command.ExecuteScalarAsync());
        Assert.Equal("UTF8", await cluster.ScalarAsync<string>(uri, "SHOW server_encoding"));
        Assert.Equal("on", await cluster.ScalarAsync<string>(uri, "SHOW fsync"));
    }

    [Fact]
    public void Created_databases_have_distinct_valid_names()
    {
        var cluster = PostgresCluster.Shared;

        var first = cluster.CreateDatabase("Some Test/Name");
        var second = cluster.CreateDatabase("Some Test/Name");
        var unprefixed = cluster.CreateDatabase();

        Assert.NotEqual(first, second);
        Assert.Matches("/some_test_name_[0-9a-f]{16}$", first);
        Assert.Matches("/test_[0-9a-f]{16}$", unprefixed);
    }

    [Fact]
    public async Task The_proxy_forwards_a_connection_to_the_server()
    {
        var cluster = PostgresCluster.Shared;
        var database = cluster.CreateDatabase("proxy");
        await using var proxy = TcpProxy.Start(cluster.Port);

        await using var connection = await OpenThroughAsync(cluster, database, proxy);

        Assert.Equal(42, await QueryAsync(connection, "SELECT 42"));
        Assert.Equal(1, proxy.LiveConnections);
    }

    [Fact]
    public async Task A_reset_cut_breaks_an_open_connection_and_refuses_new_ones_until_heal()
    {
        var cluster = PostgresCluster.Shared;
        var database = cluster.CreateDatabase("cut");
        await using var proxy = TcpProxy.Start(cluster.Port);
        await using var open = await OpenThroughAsync(cluster, database, proxy);
        Assert.Equal(1, await QueryAsync(open, "SELECT 1"));

        proxy.Cut(CutMode.Reset);

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => QueryAsync(open, "SELECT 2")).WaitAsync(s_limit);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenThroughAsync(cluster, database, proxy)).WaitAsync(s_limit);
        Assert.Equal(0, proxy.LiveConnections);

        proxy.Heal();

        await using var healed = await OpenThroughAsync(cluster, database, proxy);
        Assert.Equal(3, await QueryAsync(healed, "SELECT 3"));
    }

    [Fact]
    public async Task A_blackhole_cut_holds_a_query_until_heal_then_it_completes()
    {
        var cluster = PostgresCluster.Shared;
        var database = cluster.CreateDatabase("blackhole");
        await using var proxy = TcpProxy.Start(cluster.Port);
        await using var open = await OpenThroughAsync(cluster, database, proxy);

        proxy.Cut(CutMode.Blackhole);
        var held = QueryAsync(open, "SELECT 7");
        var connecting = OpenThroughAsync(cluster, database, proxy);
        await Task.Delay(TimeSpan.FromMilliseconds(500));

        Assert.False(held.IsCompleted);
        Assert.False(connecting.IsCompleted);
        Assert.Equal(CutMode.Blackhole, proxy.CurrentCut);

        proxy.Heal();

        Assert.Equal(7, await held.WaitAsync(s_limit));
        await using var late = await connecting.WaitAsync(s_limit);
        Assert.Equal(8, await QueryAsync(late, "SELECT 8"));
    }

    [Fact]
    public async Task Terminating_backends_ends_only_the_named_applications_sessions()
    {
        var cluster = PostgresCluster.Shared;
        var database = cluster.CreateDatabase("terminate");
        await using var primary = await OpenAsync(cluster.ConnectionString(database), "primary-app");
        await using var bystander = await OpenAsync(cluster.ConnectionString(database), "bystander-app");

        var terminated = await cluster.TerminateBackendsAsync(database, "primary-app");

        Assert.Equal(1, terminated);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => QueryAsync(primary, "SELECT 1"));
        Assert.Equal(1, await QueryAsync(bystander, "SELECT 1"));
        Assert.Equal(1, await cluster.TerminateBackendsAsync(database));
    }

    [Fact]
    public async Task Restart_keeps_committed_rows_on_the_same_port_for_a_private_and_an_attached_cluster()
    {
        await using var cluster = await PostgresCluster.StartPrivateAsync();
        var database = cluster.CreateDatabase("restart");
        await cluster.ExecuteAsync(database, "CREATE TABLE t (id int PRIMARY KEY); INSERT INTO t VALUES (1);");
        await using var open = await OpenAsync(cluster.ConnectionString(database), "before-restart");
        var pidBefore = cluster.PostmasterPid;

        await cluster.RestartAsync();

        Assert.NotEqual(pidBefore, cluster.PostmasterPid);
        await Assert.ThrowsAnyAsync<NpgsqlException>(() => QueryAsync(open, "SELECT 1"));
        await cluster.ExecuteAsync(database, "INSERT INTO t VALUES (2);");
        Assert.Equal(2L, await cluster.ScalarAsync<long>(database, "SELECT count(*) FROM t"));

        // What .ci/run hands the tests: the server's URI, data folder and bin folder, pg_ctl run as the owner.
        var attached = PostgresCluster.Attach(cluster.Uri("postgres"), cluster.DataDirectory, cluster.BinDirectory);
        Assert.False(attached.IsPrivate);
        await attached.RestartAsync();

        Assert.Equal(cluster.Port, attached.Port);
        Assert.Equal(2L, await attached.ScalarAsync<long>(database, "SELECT count(*) FROM t"));
    }

    [Fact]
    public async Task A_stopped_cluster_refuses_connections_until_started_and_dispose_removes_it()
    {
        var cluster = await PostgresCluster.StartPrivateAsync();
        var database = cluster.CreateDatabase("stop");
        await cluster.ExecuteAsync(database, "CREATE TABLE t (id int); INSERT INTO t VALUES (1);");

        await cluster.StopAsync();

        await Assert.ThrowsAnyAsync<NpgsqlException>(() => cluster.ScalarAsync<long>(database, "SELECT count(*) FROM t"));

        await cluster.StartAsync();

        Assert.Equal(1L, await cluster.ScalarAsync<long>(database, "SELECT count(*) FROM t"));
        var pid = cluster.PostmasterPid;
        var folder = Path.GetDirectoryName(cluster.DataDirectory)!;

        await cluster.DisposeAsync();

        Assert.False(IsRunning(pid), $"postmaster {pid} still runs after dispose");
        Assert.False(Directory.Exists(folder), $"{folder} still exists after dispose");
    }

    [Fact]
    public async Task Restarting_a_server_the_tests_did_not_start_names_the_variables_to_set()
    {
        var attached = PostgresCluster.Attach("postgresql://postgres@127.0.0.1:1/postgres");

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(attached.RestartAsync);

        Assert.Contains(PostgresCluster.DataVariable, refused.Message, StringComparison.Ordinal);
        Assert.False(attached.CanRestart);
    }

    [Fact]
    public void A_missing_postgresql_installation_fails_with_the_fix_in_the_message()
    {
        var missing = Assert.Throws<PostgresNotInstalledException>(() => PostgresBinaries.At("/nonexistent/postgresql/bin"));

        Assert.Contains("PostgreSQL is not installed: apt-get install postgresql, or set CONIFER_TEST_POSTGRES=", missing.Message, StringComparison.Ordinal);
        Assert.Contains("/nonexistent/postgresql/bin", missing.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("postgresql://postgres@127.0.0.1:5544/postgres", "postgres", null, "127.0.0.1", 5544, "postgres")]
    [InlineData("postgres://app%40x:p%3Ass@db.example:6000/store?app=one", "app@x", "p:ss", "db.example", 6000, "store")]
    [InlineData("postgresql://127.0.0.1", "postgres", null, "127.0.0.1", 5432, "postgres")]
    [InlineData("Host=127.0.0.1;Port=5999;Username=admin;Password=pw;Database=d", "admin", "pw", "127.0.0.1", 5999, "d")]
    public void Server_addresses_parse_as_uri_or_key_value(string address, string user, string? password, string host, int port, string database)
    {
        var parsed = PostgresAddress.Parse(address);

        Assert.Equal((user, password, host, port, database), (parsed.Username, parsed.Password, parsed.Host, parsed.Port, parsed.Database));
    }

    private static async Task<NpgsqlConnection> OpenThroughAsync(PostgresCluster cluster, string database, TcpProxy proxy)
    {
        var builder = new NpgsqlConnectionStringBuilder(cluster.ConnectionString(database)) { Port = proxy.Port, Pooling = false, Timeout = 10 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString, string applicationName)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { ApplicationName = applicationName, Pooling = false };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private static async Task<int> QueryAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    private static bool IsRunning(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited && !File.ReadAllText($"/proc/{pid}/stat").Contains(") Z ", StringComparison.Ordinal);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or IOException)
        {
            return false;
        }
    }
}
