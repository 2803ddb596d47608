using Npgsql;

namespace Conifer.Store.Postgres;

/// <summary>Deploy reports in <c>conifer.reports</c>, one row per report; a row is written whole or not at all.</summary>
internal sealed class PostgresReportShelf(NpgsqlDataSource dataSource, string app) : IReportShelf
{
    public void Save(string id, string json)
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("INSERT INTO conifer.reports (app, id, json) VALUES ($1, $2, $3) ON CONFLICT (app, id) DO UPDATE SET json = excluded.json", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = json });
        command.ExecuteNonQuery();
    }

    public string? Find(string id)
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT json FROM conifer.reports WHERE app = $1 AND id = $2", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = id });
        return command.ExecuteScalar() as string;
    }

    public IReadOnlyList<string> All()
    {
        using var connection = dataSource.OpenConnection();
        using var command = new NpgsqlCommand("SELECT json FROM conifer.reports WHERE app = $1", connection);
        command.Parameters.Add(new NpgsqlParameter<string> { TypedValue = app });
        using var reader = command.ExecuteReader();
        var all = new List<string>();
        while (reader.Read())
        {
            all.Add(reader.GetString(0));
        }

        return all;
    }

    public void SweepTemporaryFiles()
    {
        // A row is written in one statement: nothing half-written can be left.
    }
}
