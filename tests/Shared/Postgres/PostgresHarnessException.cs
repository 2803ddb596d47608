namespace Conifer.Tests.Shared.Postgres;

/// <summary>
/// A PostgreSQL tool the test harness ran (initdb, pg_ctl, pg_isready) failed or timed out; carries the command line,
/// its output and the tail of the server log, which is all a person needs to see why the cluster did not come up.
/// </summary>
public sealed class PostgresHarnessException(string message, string command, string output) : Exception(
    $"{message}{Environment.NewLine}command: {command}{Environment.NewLine}{output}")
{
    public string Command { get; } = command;

    public string Output { get; } = output;
}
