namespace Conifer.Compiler.Tests;

/// <summary>Every test class shares one warmed-up compiler (Roslyn's first compile in a process costs ~2 s).</summary>
[CollectionDefinition(Name)]
public sealed class CompilerCollection : ICollectionFixture<CompilerFixture>
{
    public const string Name = "compiler";
}
