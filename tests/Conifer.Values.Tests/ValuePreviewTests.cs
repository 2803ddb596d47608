using Conifer.Values.Tests.Generators;
using FsCheck.Xunit;

namespace Conifer.Values.Tests;

public sealed class ValuePreviewTests
{
    [Property(Arbitrary = [typeof(ArbitraryValues)], MaxTest = 300)]
    public bool A_preview_is_the_full_text_or_its_cut_prefix(Value value)
    {
        var text = value.ToString();
        var preview = value.Preview(40);
        return text.Length <= 40 ? preview == text : preview.Length == 40 && preview.EndsWith('…') && text.StartsWith(preview[..^1], StringComparison.Ordinal);
    }
}
