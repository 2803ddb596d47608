using System.Buffers.Binary;
using Conifer.Runtime.Log;
using Conifer.Store;
using Conifer.Store.Tools;
using Conifer.Values;

namespace Conifer.Runtime.Verification;

/// <summary>
/// The blobs the runtime's records and snapshots name, for <c>store verify</c>: a deploy record names its
/// version's source blob and the state it produced, a set-state record its state, a snapshot header the source
/// blob of the version its state belongs to. App events and admin records name none.
/// </summary>
public sealed class LogBlobReferences : IBlobReferences
{
    /// <summary>The one instance (it holds nothing).</summary>
    public static LogBlobReferences Instance { get; } = new();

    private LogBlobReferences()
    {
    }

    /// <inheritdoc/>
    public IEnumerable<string> InRecord(RecordKind kind, long sequence, ReadOnlyMemory<byte> payload)
    {
        switch (kind)
        {
            case RecordKind.DeployAndMigrate:
            case RecordKind.DeployAndInit:
                var deploy = Decode<DeployRecord>(LogCodecs.Deploy, payload, sequence);
                return [deploy.SourceBlob, deploy.StateBlob];
            case RecordKind.SetState:
                return [Decode<SetStateRecord>(LogCodecs.SetState, payload, sequence).StateBlob];
            case RecordKind.AppEvent:
            case RecordKind.ApplyAdminFunction:
            case RecordKind.Truncate:
            case RecordKind.SnapshotReference:
                return [];
            default:
                throw new InvalidDataException($"Record {sequence} has the kind {(ushort)kind}, which this build does not know.");
        }
    }

    /// <inheritdoc/>
    public IEnumerable<string> InSnapshot(long coversThrough, Stream state)
    {
        Span<byte> length = stackalloc byte[4];
        state.ReadExactly(length);
        var headerLength = BinaryPrimitives.ReadInt32LittleEndian(length);
        if (headerLength < 0 || headerLength > state.Length - 4)
        {
            throw new InvalidDataException($"the snapshot header length {headerLength} lies past the state's end");
        }

        var header = new byte[headerLength];
        state.ReadExactly(header);
        return [Decode<SnapshotHeader>(LogCodecs.SnapshotHeader, header, coversThrough).SourceBlob];
    }

    private static T Decode<T>(Versions.TypeCodec codec, ReadOnlyMemory<byte> payload, long sequence)
    {
        try
        {
            return LogCodecs.Read<T>(codec, payload, sequence);
        }
        catch (ValueFormatException e)
        {
            throw new InvalidDataException($"record {sequence} is not a valid value document: {e.Message}", e);
        }
    }
}
