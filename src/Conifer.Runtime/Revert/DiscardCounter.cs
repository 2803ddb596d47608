using Conifer.Store;

namespace Conifer.Runtime.Revert;

/// <summary>Adds the records after a revert's target to the plan's discard counts, by what each record meant.</summary>
internal static class DiscardCounter
{
    public static RevertPlan Add(RevertPlan plan, IEnumerable<LogRecord> records)
    {
        var (events, admin, deploys, through) = (plan.DiscardedEvents, plan.DiscardedAdminChanges, plan.DiscardedDeploys, plan.ThroughSequence);
        foreach (var record in records)
        {
            switch (record.Kind)
            {
                case RecordKind.AppEvent:
                    events++;
                    break;
                case RecordKind.SetState:
                case RecordKind.ApplyAdminFunction:
                    admin++;
                    break;
                case RecordKind.DeployAndMigrate:
                case RecordKind.DeployAndInit:
                    deploys++;
                    break;
                case RecordKind.Truncate:
                case RecordKind.SnapshotReference:
                    // The store's own bookkeeping: nothing of the app's history.
                    break;
                default:
                    throw new InvalidOperationException($"{nameof(DiscardCounter)}.{nameof(Add)}: unhandled record kind {record.Kind} at record {record.Sequence}.");
            }
            through = record.Sequence;
        }
        return plan with { DiscardedEvents = events, DiscardedAdminChanges = admin, DiscardedDeploys = deploys, ThroughSequence = through };
    }
}
