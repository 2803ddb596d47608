namespace Conifer.Tests.Shared.Postgres;

/// <summary>
/// No PostgreSQL server binaries on this machine and no <c>CONIFER_TEST_POSTGRES</c> server to use instead.
/// Thrown, never turned into a skip: a test that needs PostgreSQL and cannot get one must fail where CI shows it.
/// </summary>
public sealed class PostgresNotInstalledException(string searched) : Exception(
    "PostgreSQL is not installed: apt-get install postgresql, or set CONIFER_TEST_POSTGRES=postgresql://postgres@HOST:PORT/postgres " +
    $"(a superuser on a running server). Looked for initdb, pg_ctl and postgres in: {searched}.")
{
    public string Searched { get; } = searched;
}
