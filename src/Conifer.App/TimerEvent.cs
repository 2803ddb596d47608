namespace Conifer.App;

/// <summary>A timer set with <see cref="Commands.SetTimer"/> is due.</summary>
/// <param name="TimerId">The id given when the timer was set.</param>
/// <param name="PosixTimeMilli">The time the timer fired, in milliseconds since 1970-01-01 UTC.</param>
public sealed record TimerEvent(string TimerId, long PosixTimeMilli);
