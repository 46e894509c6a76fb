using System.Collections.Concurrent;
using System.Diagnostics;

namespace FaceCluster.Pipeline;

/// <summary>Busy time per stage, summed over its workers, for the run summary and the runs table.</summary>
public sealed class StageClock
{
    private readonly ConcurrentDictionary<string, long> _ticks = new();

    public T Time<T>(string stage, Func<T> work)
    {
        var start = Stopwatch.GetTimestamp();
        try
        {
            return work();
        }
        finally
        {
            _ticks.AddOrUpdate(stage, Stopwatch.GetTimestamp() - start, (_, t) => t + Stopwatch.GetTimestamp() - start);
        }
    }

    public IReadOnlyDictionary<string, double> Seconds() =>
        _ticks.ToDictionary(p => p.Key, p => Math.Round((double)p.Value / Stopwatch.Frequency, 3));
}
