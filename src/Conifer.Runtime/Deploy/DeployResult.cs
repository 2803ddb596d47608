using Conifer.App;
using Conifer.Runtime.Reports;
using Conifer.Runtime.Writer;

namespace Conifer.Runtime.Deploy;

/// <summary>What a deploy transaction produced: always a report; a new process state only when committed.</summary>
internal sealed record DeployResult(DeployReport Report, ProcessState? Next, Commands Commands)
{
    public static DeployResult Unchanged(DeployReport report) => new(report, null, Commands.None);
}
