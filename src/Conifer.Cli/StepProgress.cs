namespace Conifer.Cli;

/// <summary>One progress report of a command that goes through named steps, one of which may count bytes (an upload).</summary>
/// <param name="Step">What is being done now, as a person would say it ("uploading", "compiling").</param>
/// <param name="Done">Steps finished so far, or bytes done when <paramref name="CountsBytes"/>.</param>
/// <param name="Total">Steps (or bytes) in all; 0 while the end cannot be known, such as waiting for a server.</param>
/// <param name="CountsBytes">Whether <paramref name="Done"/> and <paramref name="Total"/> count bytes rather than steps.</param>
internal readonly record struct StepProgress(string Step, long Done, long Total, bool CountsBytes = false)
{
    /// <summary>The step as a plain line shows it: <c>uploading 50% (1024 of 2048 bytes)</c>, <c>compiling (step 2 of 5)</c>.</summary>
    public override string ToString() =>
        Total <= 0 ? Step
        : CountsBytes ? $"{Step} {Done * 100 / Total}% ({Done} of {Total} bytes)"
        : $"{Step} (step {Math.Min(Done + 1, Total)} of {Total})";
}
