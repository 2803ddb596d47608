namespace Conifer.Compiler.Tests;

public sealed class CompilerFixture
{
    public CompilerFixture() => AppCompiler.WarmUpAsync().GetAwaiter().GetResult();
}
