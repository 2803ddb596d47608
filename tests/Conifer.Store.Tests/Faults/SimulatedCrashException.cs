namespace Conifer.Store.Tests.Faults;

/// <summary>Thrown by every operation from the crash point on: the simulated process is dead.</summary>
public sealed class SimulatedCrashException(string message) : IOException(message);
