namespace Conifer.Runtime.Writer;

/// <summary>A system timer and the step it is at; disposing it stops the steps.</summary>
internal sealed class ArmedTimer : IDisposable
{
    private readonly Lock _gate = new();
    private ITimer? _timer;
    private bool _disposed;

    public void Set(ITimer timer)
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _timer = timer;
                return;
            }
        }
        timer.Dispose();
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
        }
        _timer?.Dispose();
    }
}
