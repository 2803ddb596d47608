namespace Conifer.Values.Tests.Codecs;

/// <summary>Byte-level mutations of valid encodings: what a torn write, a bad disk or an attacker produces.</summary>
internal static class Mutations
{
    /// <summary>Applies one to three random flips, inserts, deletes, overwrites or truncations.</summary>
    public static byte[] Mutate(byte[] input, Random random)
    {
        var bytes = new List<byte>(input);
        var count = random.Next(1, 4);
        for (var i = 0; i < count; i++)
        {
            var at = bytes.Count == 0 ? 0 : random.Next(bytes.Count);
            switch (random.Next(6))
            {
                case 0 when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 1:
                    bytes.Insert(at, Interesting(random));
                    break;
                case 2 when bytes.Count > 0:
                    bytes.RemoveAt(at);
                    break;
                case 3 when bytes.Count > 0:
                    bytes[at] = Interesting(random);
                    break;
                case 4:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                default:
                    bytes.InsertRange(at, Enumerable.Range(0, random.Next(1, 6)).Select(_ => (byte)random.Next(256)));
                    break;
            }
        }
        return [.. bytes];
    }

    /// <summary>Mostly MessagePack codes that carry lengths, counts or nesting; sometimes any byte.</summary>
    private static byte Interesting(Random random)
    {
        byte[] codes = [0x91, 0x92, 0x81, 0xdc, 0xdd, 0xde, 0xdf, 0xd9, 0xda, 0xdb, 0xc4, 0xc5, 0xc6, 0xc7, 0xc8, 0xc9,
            0xd4, 0xd8, 0x01, 0x02, 0x03, 0x04, 0xff, 0x7f, 0x80, 0x00, 0xc1, 0xcf, (byte)'[', (byte)'{', (byte)'"', (byte)'$', (byte)'\\'];
        return random.Next(3) == 0 ? (byte)random.Next(256) : codes[random.Next(codes.Length)];
    }
}
