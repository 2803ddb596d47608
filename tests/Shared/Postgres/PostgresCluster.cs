using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using Npgsql;

namespace Conifer.Tests.Shared.Postgres;

/// <summary>
/// A real PostgreSQL server for tests: <see cref="Shared"/> for the whole test process, one database per test
/// (<see cref="CreateDatabase"/>). In CI, <c>.ci/run</c> starts one cluster for the whole run and names it in
/// <c>CONIFER_TEST_POSTGRES</c>; without that, the first use starts a private cluster in a temp folder, stopped and
/// deleted when the process exits. No PostgreSQL at all is a <see cref="PostgresNotInstalledException"/>: tests
/// fail, never skip.
/// </summary>
public sealed partial class PostgresCluster : IAsyncDisposable
{
    /// <summary>An Npgsql connection string or postgresql:// URI of a superuser on a running server; unset: start a private cluster.</summary>
    public const string ServerVariable = "CONIFER_TEST_POSTGRES";

    /// <summary>The data folder of the <see cref="ServerVariable"/> server, so <see cref="RestartAsync"/> can run pg_ctl on it.</summary>
    public const string DataVariable = "CONIFER_TEST_POSTGRES_DATA";

    /// <summary>The bin folder (pg_ctl, pg_isready) of the <see cref="ServerVariable"/> server; found like a private cluster's when unset.</summary>
    public const string BinVariable = "CONIFER_TEST_POSTGRES_BIN";

    private const string LogFileName = "postgres.log";
    private static readonly TimeSpan s_toolTimeout = TimeSpan.FromSeconds(120);
    private static readonly Lazy<PostgresCluster> s_shared = new(CreateShared, LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly NpgsqlConnectionStringBuilder _server;
    private readonly string _maintenanceDatabase;
    private readonly PostgresBinaries? _binaries;
    private readonly PrivateClusterLifetime? _lifetime;
    private readonly bool _isShared;
    private readonly SemaphoreSlim _serverLock = new(1, 1);

    private PostgresCluster(NpgsqlConnectionStringBuilder server, string? dataDirectory, PostgresBinaries? binaries, PrivateClusterLifetime? lifetime, bool isShared)
    {
        _server = server;
        _maintenanceDatabase = string.IsNullOrEmpty(server.Database) ? "postgres" : server.Database;
        _server.Database = null;
        DataDirectory = dataDirectory;
        _binaries = binaries;
        _lifetime = lifetime;
        _isShared = isShared;
    }

    /// <summary>The process-wide cluster: the <see cref="ServerVariable"/> server when set, else a private one started on first use.</summary>
    public static PostgresCluster Shared => s_shared.Value;

    public string Host => _server.Host!;

    public int Port => _server.Port;

    public string User => _server.Username!;

    /// <summary>Whether this process started the cluster (and stops it); false for the <see cref="ServerVariable"/> server.</summary>
    public bool IsPrivate => _lifetime is not null;

    /// <summary>The data folder, when known: always for a private cluster, from <see cref="DataVariable"/> otherwise.</summary>
    public string? DataDirectory { get; }

    /// <summary>The bin folder of the server's tools, when known.</summary>
    public string? BinDirectory => _binaries?.Directory;

    /// <summary>Whether <see cref="RestartAsync"/>, <see cref="StopAsync"/> and <see cref="StartAsync"/> can work: the data and bin folders are known.</summary>
    public bool CanRestart => DataDirectory is not null && _binaries is not null;

    /// <summary>The postmaster's pid, for a private cluster (0 otherwise).</summary>
    public int PostmasterPid => _lifetime?.PostmasterPid ?? 0;

    /// <summary>
    /// Starts a cluster of its own, stopped by <see cref="DisposeAsync"/> (or at process exit). For tests that
    /// restart or stop the server: doing that to <see cref="Shared"/> breaks every other test using it at the time,
    /// in this process and, in CI, in the other test assemblies.
    /// </summary>
    public static Task<PostgresCluster> StartPrivateAsync() => Task.Run(() => StartPrivate(isShared: false));

    /// <summary>
    /// A running server this process does not own (it is never stopped by <see cref="DisposeAsync"/>); with its data
    /// and bin folders, <see cref="RestartAsync"/> works on it through pg_ctl, run as the cluster owner.
    /// </summary>
    public static PostgresCluster Attach(string address, string? dataDirectory = null, string? binDirectory = null) =>
        Attach(address, dataDirectory, binDirectory, isShared: false);

    /// <summary>
    /// Creates an empty, uniquely named database and returns its <c>postgresql://user@host:port/database</c> URI,
    /// the form the product's store takes (append <c>?app=NAME</c>).
    /// </summary>
    public string CreateDatabase(string? prefix = null)
    {
        var name = DatabaseName(prefix);
        using var connection = OpenAdmin(_maintenanceDatabase);
        // template0: nobody is ever connected to it, so concurrent creates from parallel tests never collide on it.
        using var command = new NpgsqlCommand($"CREATE DATABASE {QuoteIdentifier(name)} TEMPLATE template0", connection);
        command.ExecuteNonQuery();
        return Uri(name);
    }

    /// <summary>Drops a database, disconnecting whoever is still connected to it.</summary>
    public Task DropDatabaseAsync(string database) =>
        ExecuteAsync(_maintenanceDatabase, $"DROP DATABASE IF EXISTS {QuoteIdentifier(database)} WITH (FORCE)");

    /// <summary>The <c>postgresql://</c> URI of <paramref name="database"/> on this server.</summary>
    public string Uri(string database) => PostgresAddress.ToUri(_server, database);

    /// <summary>An Npgsql key/value connection string for <paramref name="database"/> (a database name, or a URI from <see cref="CreateDatabase"/>).</summary>
    public string ConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_server.ConnectionString) { Database = DatabaseOf(database) }.ConnectionString;

    /// <summary>Runs SQL on <paramref name="database"/> (a name or a URI) over a fresh, unpooled connection.</summary>
    public async Task ExecuteAsync(string database, string sql)
    {
        await using var connection = await OpenAdminAsync(DatabaseOf(database));
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>The first column of the first row of a query on <paramref name="database"/> (a name or a URI), over a fresh, unpooled connection.</summary>
    public async Task<T> ScalarAsync<T>(string database, string sql)
    {
        await using var connection = await OpenAdminAsync(DatabaseOf(database));
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default! : (T)Convert.ChangeType(value, typeof(T), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// Ends every session on <paramref name="database"/> (a name or a URI) — only those with that
    /// <c>application_name</c> when given — with <c>pg_terminate_backend</c>, waiting up to 5 s for each to exit.
    /// Returns how many it ended.
    /// </summary>
    public async Task<int> TerminateBackendsAsync(string database, string? applicationName = null)
    {
        await using var connection = await OpenAdminAsync(_maintenanceDatabase);
        await using var command = new NpgsqlCommand(
            """
            SELECT count(*) FILTER (WHERE pg_terminate_backend(pid, 5000))::int
            FROM pg_stat_activity
            WHERE datname = @database AND pid <> pg_backend_pid() AND (@application::text IS NULL OR application_name = @application)
            """,
            connection);
        command.Parameters.AddWithValue("database", DatabaseOf(database));
        command.Parameters.AddWithValue("application", (object?)applicationName ?? DBNull.Value);
        return (int)(await command.ExecuteScalarAsync())!;
    }

    /// <summary>
    /// Stops the server the way <c>pg_ctl stop -m fast</c> does (sessions ended, open transactions rolled back,
    /// a checkpoint) and starts it again on the same port and data folder. Committed rows survive; every open
    /// connection breaks. Needs <see cref="CanRestart"/>: a private cluster, or <see cref="DataVariable"/> set.
    /// </summary>
    public async Task RestartAsync()
    {
        await _serverLock.WaitAsync();
        try
        {
            await Task.Run(() =>
            {
                Stop();
                Start();
            });
        }
        finally
        {
            _serverLock.Release();
        }
    }

    /// <summary>Stops the server (fast shutdown) until <see cref="StartAsync"/>; connections are refused meanwhile.</summary>
    public async Task StopAsync()
    {
        await _serverLock.WaitAsync();
        try
        {
            await Task.Run(Stop);
        }
        finally
        {
            _serverLock.Release();
        }
    }

    /// <summary>Starts a server <see cref="StopAsync"/> stopped, with the options it last ran with, and waits until it accepts connections.</summary>
    public async Task StartAsync()
    {
        await _serverLock.WaitAsync();
        try
        {
            await Task.Run(Start);
        }
        finally
        {
            _serverLock.Release();
        }
    }

    /// <summary>Stops and deletes a cluster from <see cref="StartPrivateAsync"/>; nothing for an attached server. Not for <see cref="Shared"/>.</summary>
    public ValueTask DisposeAsync()
    {
        if (_isShared)
        {
            throw new InvalidOperationException("PostgresCluster.Shared lives until the test process exits; do not dispose it.");
        }
        _lifetime?.Dispose();
        _serverLock.Dispose();
        return ValueTask.CompletedTask;
    }

    private static PostgresCluster CreateShared()
    {
        var address = Environment.GetEnvironmentVariable(ServerVariable);
        if (string.IsNullOrWhiteSpace(address))
        {
            return StartPrivate(isShared: true);
        }
        var cluster = Attach(address, NonEmpty(Environment.GetEnvironmentVariable(DataVariable)), NonEmpty(Environment.GetEnvironmentVariable(BinVariable)), isShared: true);
        try
        {
            using var connection = cluster.OpenAdmin(cluster._maintenanceDatabase);
        }
        catch (Exception e) when (e is NpgsqlException or SocketException or TimeoutException)
        {
            throw new InvalidOperationException(
                $"{ServerVariable} is set ({address}) but that server does not answer: {e.Message}. Start it, or unset {ServerVariable} to have the tests start their own cluster.",
                e);
        }
        return cluster;
    }

    private static PostgresCluster Attach(string address, string? dataDirectory, string? binDirectory, bool isShared)
    {
        var server = PostgresAddress.Parse(address);
        PostgresBinaries? binaries = null;
        if (dataDirectory is not null)
        {
            binaries = binDirectory is not null ? PostgresBinaries.At(binDirectory) : PostgresBinaries.Find();
        }
        return new PostgresCluster(server, dataDirectory, binaries, lifetime: null, isShared);
    }

    private static PostgresCluster StartPrivate(bool isShared)
    {
        var binaries = PostgresBinaries.Find();
        // Under root the cluster runs as 'postgres', which must be able to reach the folder: /tmp always lets it
        // through, a TMPDIR under /root would not.
        var tempRoot = PostgresBinaries.RunningAsRoot ? "/tmp" : Path.GetTempPath();
        var folder = Path.Combine(tempRoot, "conifer-pg-" + Guid.NewGuid().ToString("N")[..12]);
        var data = Path.Combine(folder, "data");
        var sockets = Path.Combine(folder, "sockets");
        Directory.CreateDirectory(data);
        Directory.CreateDirectory(sockets);
        var lifetime = new PrivateClusterLifetime(folder, data);
        try
        {
            lifetime.StartWatchdog();
            PostgresBinaries.GiveToOwner(folder);
            binaries.RunAsOwner("initdb", ["-k", "-A", "trust", "-U", "postgres", "-E", "UTF8", "--locale=C", "-D", data], s_toolTimeout);
            var port = StartOnFreePort(binaries, data, sockets);
            var server = new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = port, Username = "postgres", Database = "postgres" };
            var cluster = new PostgresCluster(server, data, binaries, lifetime, isShared);
            cluster.TrackAndWaitReady();
            return cluster;
        }
        catch
        {
            lifetime.Dispose();
            throw;
        }
    }

    // The port is free when chosen but may be taken before the server binds it; then another one is tried.
    private static int StartOnFreePort(PostgresBinaries binaries, string data, string sockets)
    {
        var log = Path.Combine(data, LogFileName);
        for (var attempt = 1; ; attempt++)
        {
            var port = FreeLoopbackPort();
            var options = string.Join(' ',
                "-p", port.ToString(CultureInfo.InvariantCulture),
                "-k", sockets,
                "-c", "listen_addresses=127.0.0.1",
                "-c", "fsync=on",
                "-c", "max_connections=300",
                "-c", "shared_buffers=128MB");
            var (exitCode, output) = binaries.TryRunAsOwner("pg_ctl", ["start", "-D", data, "-l", log, "-w", "-t", "120", "-o", options], s_toolTimeout);
            if (exitCode == 0)
            {
                return port;
            }
            var logTail = PostgresBinaries.ServerLogTail(log);
            if (attempt < 5 && logTail.Contains("could not bind", StringComparison.Ordinal))
            {
                continue;
            }
            throw new PostgresHarnessException($"pg_ctl start exited with code {exitCode}.", $"pg_ctl start -D {data} -o \"{options}\"", output + logTail);
        }
    }

    private void Stop()
    {
        var (binaries, data) = RequireServerControl();
        binaries.RunAsOwner("pg_ctl", ["stop", "-D", data, "-m", "fast", "-w", "-t", "120"], s_toolTimeout, Path.Combine(data, LogFileName));
    }

    private void Start()
    {
        var (binaries, data) = RequireServerControl();
        var log = Path.Combine(data, LogFileName);
        binaries.RunAsOwner("pg_ctl", ["start", "-D", data, "-l", log, "-w", "-t", "120", "-o", LastServerOptions(data)], s_toolTimeout, log);
        TrackAndWaitReady();
    }

    private (PostgresBinaries Binaries, string Data) RequireServerControl()
    {
        if (DataDirectory is null || _binaries is null)
        {
            throw new InvalidOperationException(
                $"This PostgreSQL server ({Host}:{Port}) was not started by the tests and its data folder is unknown: set {DataVariable} " +
                $"(and {BinVariable}) next to {ServerVariable}, as .ci/run does, or use PostgresCluster.StartPrivateAsync().");
        }
        return (_binaries, DataDirectory);
    }

    // postmaster.opts holds the command line the server last started with, every argument double-quoted; pg_ctl
    // restart reuses it the same way. The data folder is passed to pg_ctl itself, so "-D" "folder" is left out.
    private static string LastServerOptions(string data)
    {
        var text = File.ReadAllText(Path.Combine(data, "postmaster.opts"));
        var arguments = QuotedArgument().Matches(text).Select(m => m.Value).ToList();
        var options = new StringBuilder();
        for (var i = 0; i < arguments.Count; i++)
        {
            if (arguments[i] == "\"-D\"")
            {
                i++;
                continue;
            }
            options.Append(options.Length == 0 ? "" : " ").Append(arguments[i]);
        }
        return options.ToString();
    }

    private void TrackAndWaitReady()
    {
        _lifetime?.TrackPostmaster();
        var deadline = Environment.TickCount64 + 60_000;
        while (true)
        {
            var (exitCode, output) = _binaries!.TryRunAsOwner(
                "pg_isready",
                ["-h", Host, "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", User, "-d", _maintenanceDatabase, "-t", "5"],
                TimeSpan.FromSeconds(30));
            if (exitCode == 0)
            {
                return;
            }
            if (Environment.TickCount64 > deadline)
            {
                throw new PostgresHarnessException(
                    $"PostgreSQL on {Host}:{Port} did not accept connections within 60 s.",
                    "pg_isready",
                    output + PostgresBinaries.ServerLogTail(DataDirectory is null ? null : Path.Combine(DataDirectory, LogFileName)));
            }
            Thread.Sleep(100);
        }
    }

    private NpgsqlConnection OpenAdmin(string database)
    {
        var connection = new NpgsqlConnection(AdminConnectionString(database));
        connection.Open();
        return connection;
    }

    private async Task<NpgsqlConnection> OpenAdminAsync(string database)
    {
        var connection = new NpgsqlConnection(AdminConnectionString(database));
        await connection.OpenAsync();
        return connection;
    }

    // Unpooled: the harness's own connections must not be pooled ones a restart or a terminate has already broken.
    private string AdminConnectionString(string database) =>
        new NpgsqlConnectionStringBuilder(_server.ConnectionString)
        {
            Database = database,
            Pooling = false,
            Timeout = 30,
            CommandTimeout = 120,
            ApplicationName = "conifer-test-harness",
        }.ConnectionString;

    private static string DatabaseOf(string databaseOrUri) =>
        databaseOrUri.Contains("://", StringComparison.Ordinal) ? PostgresAddress.Parse(databaseOrUri).Database! : databaseOrUri;

    private static string DatabaseName(string? prefix)
    {
        var clean = new StringBuilder();
        foreach (var c in (prefix ?? "test").ToLowerInvariant())
        {
            clean.Append(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' ? c : '_');
        }
        if (clean.Length == 0 || char.IsAsciiDigit(clean[0]))
        {
            clean.Insert(0, 't');
        }
        // 63 bytes is PostgreSQL's identifier limit: 40 for the prefix, 1 + 16 for the unique part.
        var head = clean.Length > 40 ? clean.ToString(0, 40) : clean.ToString();
        return $"{head}_{Guid.NewGuid():N}"[..(head.Length + 17)];
    }

    private static string QuoteIdentifier(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"")]
    private static partial Regex QuotedArgument();
}
