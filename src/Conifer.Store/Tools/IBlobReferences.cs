namespace Conifer.Store.Tools;

/// <summary>
/// Which blobs the records and snapshots of a store name. The store treats payloads and snapshot state as opaque
/// bytes, so the layer that wrote them (the runtime: deploy and set-state records, snapshot headers) supplies this
/// to <see cref="StoreTools.Verify"/>, which then checks that every named blob is present.
/// </summary>
public interface IBlobReferences
{
    /// <summary>The blob ids (64 lower-case hex digits) one record names; empty for kinds that name none.</summary>
    /// <exception cref="InvalidDataException">The payload does not decode as its kind says.</exception>
    IEnumerable<string> InRecord(RecordKind kind, long sequence, ReadOnlyMemory<byte> payload);

    /// <summary>The blob ids a snapshot's state bytes name (read from the start of <paramref name="state"/>).</summary>
    /// <exception cref="InvalidDataException">The state bytes do not decode.</exception>
    IEnumerable<string> InSnapshot(long coversThrough, Stream state);
}
