using System.Net;

namespace Conifer.Cli;

/// <summary>A request body sent in chunks, reporting the bytes handed to the connection so far (for an upload's progress bar).</summary>
internal sealed class UploadContent(byte[] bytes, Action<long> sent) : HttpContent
{
    private const int ChunkBytes = 64 * 1024;

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        sent(0);
        for (var offset = 0; offset < bytes.Length; offset += ChunkBytes)
        {
            var length = Math.Min(ChunkBytes, bytes.Length - offset);
            await stream.WriteAsync(bytes.AsMemory(offset, length), cancellationToken).ConfigureAwait(false);
            sent(offset + length);
        }
    }

    protected override bool TryComputeLength(out long length)
    {
        length = bytes.Length;
        return true;
    }
}
