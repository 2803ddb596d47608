namespace Conifer.Compiler.Rules;

/// <summary>Which checks a compile runs: all of them, or (to measure what they cost) those from before the sandbox's body, attribute and conversion checks.</summary>
internal enum AppRuleSet
{
    /// <summary>Every rule: what apps and scripts are always compiled under.</summary>
    Sandbox,

    /// <summary>Without the walk of bodies as operations (conversions, operators, JSON types, hash flow) and without attribute names: for <c>CompilerBenchmarks</c> only.</summary>
    BeforeSandbox,
}
