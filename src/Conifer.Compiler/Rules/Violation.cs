namespace Conifer.Compiler.Rules;

/// <summary>Why a use of an API breaks a rule: the diagnostic id, message and fix hint.</summary>
internal sealed record Violation(string Id, string Message, string Hint);
