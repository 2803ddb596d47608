namespace Conifer.Store.Log;

/// <summary>A bounded free list of <see cref="AppendWaiter"/>s.</summary>
internal sealed class AppendWaiterPool
{
    private const int Capacity = 4096;
    private readonly Stack<AppendWaiter> _free = new();

    public AppendWaiter Rent()
    {
        lock (_free)
        {
            if (_free.TryPop(out var waiter))
            {
                return waiter;
            }
        }

        return new AppendWaiter(this);
    }

    public void Return(AppendWaiter waiter)
    {
        lock (_free)
        {
            if (_free.Count < Capacity)
            {
                _free.Push(waiter);
            }
        }
    }
}
