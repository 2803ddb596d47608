using BenchmarkDotNet.Attributes;
using Conifer.Tests.Shared.Postgres;
using Npgsql;

namespace Conifer.Benchmarks.Store;

/// <summary>
/// Durable appends of 100-byte frames to a PostgreSQL table shaped like a process log (app text, seq bigint,
/// kind smallint, frame bytea) from 1, 8 and 64 concurrent writers, over raw Npgsql: the baseline a
/// PostgreSQL-backed process store is compared against. The floor is one loop writing batches as large as the
/// writer count, one transaction each (what perfect group commit would do); against it, the writers through a
/// simple channel batcher (<see cref="NpgsqlGroupCommitBatcher"/>), each append awaited until committed. Runs on
/// <see cref="PostgresCluster.Shared"/>: the server in CONIFER_TEST_POSTGRES, else a private cluster (fsync on).
/// </summary>
[Config(typeof(PostgresJobConfig))]
public class RawNpgsqlAppendBaseline
{
    private const int Records = 2048;
    private const int MaxBatch = 64;
    private const short AppEventKind = 1;
    private static readonly byte[] s_frame = new byte[100];

    private string? _database;
    private NpgsqlDataSource? _dataSource;
    private NpgsqlConnection? _raw;
    private NpgsqlGroupCommitBatcher? _batcher;
    private string _app = "";
    private Conifer.Store.IOwnedProcessStore? _store;

    [Params(1, 8, 64)]
    public int Writers { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var cluster = PostgresCluster.Shared;
        _database = cluster.CreateDatabase("bench_append");
        cluster.ExecuteAsync(_database, "CREATE TABLE log (app text NOT NULL, seq bigint NOT NULL, kind smallint NOT NULL, frame bytea NOT NULL, PRIMARY KEY (app, seq))")
            .GetAwaiter().GetResult();
        _dataSource = NpgsqlDataSource.Create(cluster.ConnectionString(_database));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _dataSource?.Dispose();
        if (_database is not null)
        {
            PostgresCluster.Shared.DropDatabaseAsync(_database).GetAwaiter().GetResult();
        }
    }

    // Every iteration appends under a fresh app name, so sequence numbers start at 0 on an ever-growing table,
    // as a store's log would.
    [IterationSetup(Target = nameof(RawTransactionPerBatch))]
    public void SetupRaw()
    {
        _app = "raw-" + Guid.NewGuid().ToString("N");
        _raw = _dataSource!.OpenConnection();
    }

    [IterationCleanup(Target = nameof(RawTransactionPerBatch))]
    public void CleanupRaw() => _raw!.Dispose();

    [IterationSetup(Target = nameof(GroupCommittedWriters))]
    public void SetupBatcher()
    {
        _app = "batched-" + Guid.NewGuid().ToString("N");
        _batcher = NpgsqlGroupCommitBatcher.StartAsync(_dataSource!, _app, MaxBatch).GetAwaiter().GetResult();
    }

    [IterationCleanup(Target = nameof(GroupCommittedWriters))]
    public void CleanupBatcher() => _batcher!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(Baseline = true, OperationsPerInvoke = Records)]
    public async Task RawTransactionPerBatch()
    {
        var kinds = Enumerable.Repeat(AppEventKind, Writers).ToArray();
        var frames = Enumerable.Repeat(s_frame, Writers).ToArray();
        for (var written = 0; written < Records; written += Writers)
        {
            await NpgsqlGroupCommitBatcher.InsertBatchAsync(_raw!, _app, written, kinds, frames);
        }
    }

    [IterationSetup(Target = nameof(PostgresStoreAppends))]
    public void SetupStore()
    {
        _app = "store-" + Guid.NewGuid().ToString("N")[..16];
        var location = (Conifer.Store.Locations.DatabaseLocation)Conifer.Store.Locations.StoreLocation.Parse(_database! + "?app=" + _app);
        _store = Conifer.Store.Postgres.PostgresProcessStore.OpenAsync(location, new Conifer.Store.ReplicationOptions { LeaseTtl = TimeSpan.FromSeconds(30) }).GetAwaiter().GetResult();
    }

    [IterationCleanup(Target = nameof(PostgresStoreAppends))]
    public void CleanupStore() => _store!.DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>The product: Conifer's PostgreSQL store, 100-byte payloads (132-byte frames), each append awaited until its batch committed.</summary>
    [Benchmark(OperationsPerInvoke = Records)]
    public async Task PostgresStoreAppends()
    {
        var perWriter = Records / Writers;
        var writers = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            writers[w] = Task.Run(async () =>
            {
                for (var i = 0; i < perWriter; i++)
                {
                    await _store!.AppendAsync(Conifer.Store.RecordKind.AppEvent, s_frame);
                }
            });
        }

        await Task.WhenAll(writers);
    }

    [Benchmark(OperationsPerInvoke = Records)]
    public async Task GroupCommittedWriters()
    {
        var perWriter = Records / Writers;
        var writers = new Task[Writers];
        for (var w = 0; w < Writers; w++)
        {
            writers[w] = Task.Run(async () =>
            {
                for (var i = 0; i < perWriter; i++)
                {
                    await _batcher!.AppendAsync(AppEventKind, s_frame);
                }
            });
        }

        await Task.WhenAll(writers);
    }
}
