using Npgsql;

namespace Conifer.Store.Postgres;

/// <summary>
/// The tables Conifer keeps in a database (schema <c>conifer</c>), created and upgraded by Conifer itself. A row in
/// <c>conifer.schema_version</c> says which layout the tables have; a newer Conifer upgrades an older layout in one
/// transaction, an older Conifer refuses a newer one (docs/replication.md, "Tables").
/// </summary>
internal static class PostgresSchema
{
    /// <summary>The layout this build writes.</summary>
    public const int CurrentVersion = 1;

    /// <summary>Where a batch's commit is announced: payload <c>APP:LAST_SEQUENCE</c>.</summary>
    public const string Channel = "conifer_log";

    /// <summary>The SQLSTATE the append function raises when the writer's epoch is no longer current.</summary>
    public const string FencedState = "CF001";

    // Each step takes the layout from version i to i + 1; a new layout appends a step, never edits one.
    private static readonly string[] s_steps =
    [
        """
        CREATE SCHEMA IF NOT EXISTS conifer;
        CREATE TABLE IF NOT EXISTS conifer.heads (
            app text PRIMARY KEY,
            epoch bigint NOT NULL DEFAULT 0,
            first_seq bigint NOT NULL DEFAULT 1,
            head_seq bigint NOT NULL DEFAULT 0,
            head_hash bigint NOT NULL DEFAULT 0,
            head_at timestamptz,
            holder text,
            public_url text,
            lease_until timestamptz,
            created_at timestamptz NOT NULL DEFAULT now());
        CREATE TABLE IF NOT EXISTS conifer.records (
            app text NOT NULL,
            seq bigint NOT NULL,
            epoch bigint NOT NULL,
            kind smallint NOT NULL,
            frame bytea NOT NULL,
            committed_at timestamptz NOT NULL,
            PRIMARY KEY (app, seq));
        CREATE INDEX IF NOT EXISTS records_kind ON conifer.records (app, kind, seq) WHERE kind IN (2, 3, 6, 7);
        CREATE TABLE IF NOT EXISTS conifer.blobs (
            app text NOT NULL,
            id text NOT NULL,
            length bigint NOT NULL,
            chunks int NOT NULL,
            PRIMARY KEY (app, id));
        CREATE TABLE IF NOT EXISTS conifer.blob_chunks (
            app text NOT NULL,
            id text NOT NULL,
            chunk int NOT NULL,
            bytes bytea NOT NULL,
            PRIMARY KEY (app, id, chunk));
        CREATE TABLE IF NOT EXISTS conifer.snapshots (
            app text NOT NULL,
            covers_seq bigint NOT NULL,
            length bigint NOT NULL,
            state_hash bigint NOT NULL,
            blob text NOT NULL,
            written_at timestamptz NOT NULL DEFAULT now(),
            PRIMARY KEY (app, covers_seq));
        CREATE TABLE IF NOT EXISTS conifer.reports (
            app text NOT NULL,
            id text NOT NULL,
            json text NOT NULL,
            PRIMARY KEY (app, id));
        CREATE OR REPLACE FUNCTION conifer.append_batch(
            p_app text, p_epoch bigint, p_check boolean, p_prev bigint, p_last bigint, p_hash bigint,
            p_seqs bigint[], p_kinds smallint[], p_frames bytea[]) RETURNS void LANGUAGE plpgsql AS $fn$
        DECLARE
            current_epoch bigint;
            current_head bigint;
        BEGIN
            -- The fence: the batch commits only while this writer's epoch is current and the head is where it
            -- left it. A stale writer's batch fails here, before any of its rows exist.
            UPDATE conifer.heads SET head_seq = p_last, head_hash = p_hash, head_at = clock_timestamp()
             WHERE app = p_app AND (NOT p_check OR (epoch = p_epoch AND head_seq = p_prev));
            IF NOT FOUND THEN
                SELECT epoch, head_seq INTO current_epoch, current_head FROM conifer.heads WHERE app = p_app;
                RAISE EXCEPTION 'fenced: the writer epoch is % and the head is record %; this writer holds epoch % and expected the head at %',
                    current_epoch, current_head, p_epoch, p_prev USING ERRCODE = 'CF001';
            END IF;
            INSERT INTO conifer.records (app, seq, epoch, kind, frame, committed_at)
                SELECT p_app, s, p_epoch, k, f, now() FROM unnest(p_seqs, p_kinds, p_frames) AS t(s, k, f);
            PERFORM pg_notify('conifer_log', p_app || ':' || p_last);
        END
        $fn$;
        """,
    ];

    /// <summary>Creates the tables, or upgrades them, or refuses a layout newer than this build knows.</summary>
    public static async Task EnsureAsync(NpgsqlDataSource dataSource, string location, bool create, CancellationToken cancellationToken)
    {
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var version = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (version == CurrentVersion)
        {
            return;
        }

        Refuse(version, location);
        if (!create)
        {
            throw new Exceptions.StoreNotFoundException(location, version == 0
                ? "the database holds no Conifer tables (schema conifer)"
                : $"the database's Conifer tables are at layout {version} and this tool only reads layout {CurrentVersion}; open it once with run-server to upgrade");
        }

        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        // One upgrader at a time: two servers starting together must not both create the tables.
        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(hashtext('conifer.schema'))", cancellationToken).ConfigureAwait(false);
        version = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        Refuse(version, location);
        for (var step = version; step < CurrentVersion; step++)
        {
            await ExecuteAsync(connection, s_steps[step], cancellationToken).ConfigureAwait(false);
        }

        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS conifer.schema_version (version int NOT NULL); DELETE FROM conifer.schema_version", cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, $"INSERT INTO conifer.schema_version VALUES ({CurrentVersion})", cancellationToken).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static void Refuse(int version, string location)
    {
        if (version > CurrentVersion)
        {
            // "{file} has store format version N; this build reads version M and older. Upgrade Conifer to open it."
            throw new Exceptions.StoreFormatVersionException($"The Conifer tables (schema conifer) of '{location}'", (uint)version, CurrentVersion);
        }
    }

    private static async Task<int> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT to_regclass('conifer.schema_version') IS NOT NULL", connection);
        if (!(bool)(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!)
        {
            return 0;
        }

        await using var read = new NpgsqlCommand("SELECT coalesce(max(version), 0) FROM conifer.schema_version", connection);
        return (int)(await read.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false))!;
    }

    internal static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }
}
