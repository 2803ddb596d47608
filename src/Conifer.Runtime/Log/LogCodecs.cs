using Conifer.Runtime.Versions;

namespace Conifer.Runtime.Log;

/// <summary>The codecs of the runtime's own log payloads, built once per process.</summary>
internal static class LogCodecs
{
    public static TypeCodec Event { get; } = TypeCodec.For(typeof(LoggedEvent));

    public static TypeCodec Deploy { get; } = TypeCodec.For(typeof(DeployRecord));

    public static TypeCodec Admin { get; } = TypeCodec.For(typeof(AdminRecord));

    public static TypeCodec SnapshotHeader { get; } = TypeCodec.For(typeof(SnapshotHeader));

    public static TypeCodec SetState { get; } = TypeCodec.For(typeof(SetStateRecord));

    /// <summary>Decodes a payload the runtime itself wrote; a mismatch here means a damaged or foreign store.</summary>
    public static T Read<T>(TypeCodec codec, ReadOnlyMemory<byte> payload, long sequence)
    {
        return codec.Decode(payload) switch
        {
            Values.Lenient.LenientResult<object?>.Fits { Value: T value } => value,
            Values.Lenient.LenientResult<object?>.Mismatches m => throw new InvalidDataException(
                $"Log record {sequence} does not hold a {typeof(T).Name}: {string.Join("; ", m.All)}"),
            var other => throw new InvalidDataException($"Log record {sequence} decoded to an unexpected {other}."),
        };
    }
}
