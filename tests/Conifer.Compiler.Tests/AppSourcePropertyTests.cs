using FsCheck.Xunit;

namespace Conifer.Compiler.Tests;

public sealed class AppSourcePropertyTests
{
    [Property]
    public bool Version_id_does_not_depend_on_the_order_files_arrive_in(byte[][] contents, int seed)
    {
        var files = contents.Select((c, i) => KeyValuePair.Create($"d{i % 3}/f{i}.cs", c ?? [])).ToList();
        var random = new Random(seed);
        var shuffled = files.OrderBy(_ => random.Next()).ToList();
        return AppSource.FromBytes(files).VersionId == AppSource.FromBytes(shuffled).VersionId;
    }

    [Property]
    public bool Changing_any_byte_changes_the_version_id(byte[] content, byte flip)
    {
        if (content is not { Length: > 0 })
        {
            return true;
        }
        var changed = (byte[])content.Clone();
        changed[flip % changed.Length] ^= (byte)(flip | 1);
        return AppSource.FromBytes([KeyValuePair.Create("a.cs", content)]).VersionId
            != AppSource.FromBytes([KeyValuePair.Create("a.cs", changed)]).VersionId;
    }
}
