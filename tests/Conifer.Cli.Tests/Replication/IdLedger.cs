using System.Diagnostics;
using System.Net;

namespace Conifer.Cli.Tests.Replication;

/// <summary>
/// What clients sent and what the servers answered, in the manner of Jepsen: every id is sent once and never
/// retried, so an id is acknowledged (200 "ok") or not, and each answer is kept with the server that gave it and
/// when (milliseconds since the ledger was made).
/// </summary>
internal sealed class IdLedger
{
    private readonly Lock _gate = new();
    private readonly HashSet<string> _attempted = [];
    private readonly HashSet<string> _acknowledged = [];
    private readonly List<Answer> _answers = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    /// <summary>One answer: the server's public URL, the id, the HTTP status (0: no answer, the connection failed), when.</summary>
    public sealed record Answer(string Url, string Id, int Status, string Body, long AtMs);

    public long NowMs => _clock.ElapsedMilliseconds;

    public IReadOnlySet<string> Attempted
    {
        get
        {
            lock (_gate)
            {
                return _attempted.ToHashSet();
            }
        }
    }

    public IReadOnlySet<string> Acknowledged
    {
        get
        {
            lock (_gate)
            {
                return _acknowledged.ToHashSet();
            }
        }
    }

    public IReadOnlyList<Answer> Answers
    {
        get
        {
            lock (_gate)
            {
                return [.. _answers];
            }
        }
    }

    /// <summary>Keeps an answer that was not a POST of an id (a read, say).</summary>
    public void Record(string url, string label, int status, string body)
    {
        lock (_gate)
        {
            _answers.Add(new Answer(url, label, status, body, NowMs));
        }
    }

    /// <summary>Sends one id to <paramref name="url"/>; the answer's status, 0 when no answer came.</summary>
    public async Task<int> PostAsync(HttpClient client, string url, string id, string ok = "ok")
    {
        lock (_gate)
        {
            _attempted.Add(id);
        }
        int status;
        var body = "";
        try
        {
            using var response = await client.PostAsync(url + "/", new StringContent(id), CancellationToken.None);
            status = (int)response.StatusCode;
            body = await response.Content.ReadAsStringAsync(CancellationToken.None);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            status = 0;
        }
        lock (_gate)
        {
            _answers.Add(new Answer(url, id, status, body, NowMs));
            if (status == (int)HttpStatusCode.OK && body == ok)
            {
                _acknowledged.Add(id);
            }
        }
        return status;
    }

    /// <summary>
    /// <paramref name="clients"/> concurrent clients sending ids <c>PREFIX-cN-K</c> to <paramref name="url"/> until
    /// <paramref name="stop"/>, the server goes away (no answer), or 2,000 ids each.
    /// </summary>
    public async Task RunAsync(string url, string prefix, int clients, CancellationToken stop)
    {
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
            for (var n = 0; !stop.IsCancellationRequested && n < 2_000; n++)
            {
                var status = await PostAsync(client, url, $"{prefix}-c{c}-{n}");
                if (status == 0)
                {
                    return;
                }
                if (status != (int)HttpStatusCode.OK)
                {
                    // A server that refuses (503 while it reopens or after it was fenced): do not spin on it.
                    await Task.Delay(20, CancellationToken.None);
                }
            }
        }, CancellationToken.None)));
    }

    /// <summary>The Jepsen set check against the ids a server lists: lost, duplicated, never sent.</summary>
    public SetCheck Check(IReadOnlyList<string> present)
    {
        var acknowledged = Acknowledged;
        var attempted = Attempted;
        var presentSet = present.ToHashSet();
        return new SetCheck(
            attempted.Count,
            acknowledged.Count,
            present.Count,
            [.. acknowledged.Where(id => !presentSet.Contains(id)).Order(StringComparer.Ordinal)],
            [.. present.GroupBy(id => id).Where(g => g.Count() > 1).Select(g => g.Key).Order(StringComparer.Ordinal)],
            [.. presentSet.Where(id => !attempted.Contains(id)).Order(StringComparer.Ordinal)],
            presentSet.Count(id => !acknowledged.Contains(id)));
    }

    /// <summary>The outcome of a set check; <see cref="ToString"/> prints the counts for the CI log.</summary>
    public sealed record SetCheck(int Attempted, int Acknowledged, int Present, IReadOnlyList<string> Lost, IReadOnlyList<string> Duplicated, IReadOnlyList<string> NeverSent, int KeptUnacknowledged)
    {
        public override string ToString() =>
            $"attempted: {Attempted}, acknowledged: {Acknowledged}, present: {Present}, lost: {Lost.Count}, duplicated: {Duplicated.Count}, never sent: {NeverSent.Count}, unacknowledged but kept: {KeptUnacknowledged}" +
            (Lost.Count > 0 ? $"; lost e.g. {string.Join(", ", Lost.Take(5))}" : "") +
            (Duplicated.Count > 0 ? $"; duplicated e.g. {string.Join(", ", Duplicated.Take(5))}" : "");

        public void AssertClean()
        {
            Assert.True(Lost.Count == 0, $"acknowledged ids lost: {this}");
            Assert.True(Duplicated.Count == 0, $"ids applied twice: {this}");
            Assert.True(NeverSent.Count == 0, $"ids nobody sent: {this}");
        }
    }
}
