using BenchmarkDotNet.Attributes;
using Conifer.Compiler;
using Conifer.Compiler.Rules;

namespace Conifer.Benchmarks.Compiler;

/// <summary>
/// What the sandbox's rules cost a compile, in the same run: the counter and hours v3, each a new version (so
/// nothing is cached), under every rule and under the rule set from before the body, attribute and conversion checks.
/// </summary>
[SimpleJob(launchCount: 1, warmupCount: 2, iterationCount: 8)]
[MemoryDiagnoser]
public class CompilerBenchmarks
{
    private (string Path, string Text)[] _counter = [];
    private (string Path, string Text)[] _hours = [];
    private int _version;

    /// <summary>False: the rules from before the sandbox's body, attribute and conversion checks; true: every rule.</summary>
    [Params(false, true)]
    public bool SandboxRules { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _counter = Files("counter");
        _hours = Files(Path.Combine("hours", "v3"));
        AppCompiler.WarmUpAsync().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true)]
    public CompileResult Counter() => Compile(_counter);

    [Benchmark]
    public CompileResult Hours_v3() => Compile(_hours);

    private CompileResult Compile((string Path, string Text)[] files) =>
        AppCompiler.Compile(
            AppSource.FromTexts(files.Select(f => KeyValuePair.Create(f.Path, f.Text)).Append(KeyValuePair.Create("Backend/Version.cs", $"// version {++_version}\n"))),
            SandboxRules ? AppRuleSet.Sandbox : AppRuleSet.BeforeSandbox);

    private static (string Path, string Text)[] Files(string sample) =>
        [.. AppSource.FromDirectory(SampleAppFolders.Find(sample)).Files.Select(f => (f.Path, f.Text))];
}
