namespace Conifer.Store;

/// <summary>
/// What a log record means to the runtime. The store treats every payload as opaque bytes; only
/// <see cref="SnapshotReference"/> and <see cref="Truncate"/> are written and read by the store itself.
/// The numeric values are part of the on-disk format (docs/store-format.md) and never change;
/// new kinds take new numbers. Zero is never a valid kind, so a zeroed page never parses as a record.
/// </summary>
public enum RecordKind : ushort
{
    /// <summary>An event applied to the app: an HTTP request, a timer, an outgoing response.</summary>
    AppEvent = 1,

    /// <summary>A deploy that migrated the previous state; the payload references the new app version and state.</summary>
    DeployAndMigrate = 2,

    /// <summary>A deploy that initialised a fresh state (<c>--init-app-state</c>).</summary>
    DeployAndInit = 3,

    /// <summary>An administrator replaced the state (<c>state import</c>, <c>PUT /api/state</c>).</summary>
    SetState = 4,

    /// <summary>An administrator ran an admin function or an <c>eval --commit</c> as one event.</summary>
    ApplyAdminFunction = 5,

    /// <summary>
    /// Written by the store: history up to and including the named snapshot's sequence may be dropped.
    /// Payload: the snapshot's covered sequence (u64 little-endian).
    /// </summary>
    Truncate = 6,

    /// <summary>
    /// Written by the store after a snapshot file is durable under its final name; a snapshot is only used
    /// on recovery once this record is in the log. Payload: covered sequence, state length, state hash (3 × u64 LE).
    /// </summary>
    SnapshotReference = 7,
}
