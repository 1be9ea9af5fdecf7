using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Benchmarks;

/// <summary>
/// A short job: a few minutes for the whole suite on a shared 2-core machine. Besides the mean, the table
/// shows the median and the fastest iteration: on a machine shared with other jobs the mean moves with the
/// neighbours' load, and the minimum is the closer estimate of a quiet core.
/// </summary>
internal sealed class ShortConfig : ManualConfig
{
    public ShortConfig()
    {
        AddJob(Job.ShortRun.WithWarmupCount(3).WithIterationCount(5).WithLaunchCount(1));
        AddDiagnoser(MemoryDiagnoser.Default);
        AddLogger(DefaultConfig.Instance.GetLoggers().ToArray());
        AddColumnProvider(DefaultConfig.Instance.GetColumnProviders().ToArray());
        AddColumn(StatisticColumn.Median, StatisticColumn.Min);
        AddExporter(DefaultConfig.Instance.GetExporters().ToArray());
    }
}

/// <summary>
/// Speed of the embedded default model on one core: one call per operation over the dev proposals
/// (their real length mix), and model loading from bytes already in memory. Environment variable
/// <c>BENCH_MODEL</c> names a model file to measure instead (to compare two models on the same machine).
/// </summary>
public class ClassifierBenchmarks
{
    private const int Batch = 256;
    private ProposalText[] _texts = [];
    private byte[] _model = [];
    private NgramClassifier _classifier = null!;

    [GlobalSetup]
    public void Setup()
    {
        _classifier = Environment.GetEnvironmentVariable("BENCH_MODEL") is { Length: > 0 } path
            ? NgramClassifier.LoadFile(path, DistrictDetector.ForZhuzhou())
            : NgramClassifier.LoadDefault(DistrictDetector.ForZhuzhou());
        using var buffer = new MemoryStream();
        _classifier.Save(buffer);
        _model = buffer.ToArray();
        var dev = CorpusReader.Read(Repository.Corpus("dev")).Items;
        _texts = [.. Enumerable.Range(0, Batch).Select(i => dev[i * 7919 % dev.Count]).Select(p => new ProposalText(p.Title, p.Text))];
    }

    /// <summary>Mean time per proposal (dev-set mix); proposals/s/core = 1 s / this.</summary>
    [Benchmark(OperationsPerInvoke = Batch)]
    public int ClassifyDevMix()
    {
        var reviews = 0;
        foreach (var text in _texts)
        {
            reviews += _classifier.Classify(text).NeedsReview ? 1 : 0;
        }

        return reviews;
    }

    [Benchmark]
    public NgramClassifier LoadModel()
    {
        using var stream = new MemoryStream(_model, writable: false);
        return NgramClassifier.Load(stream, DistrictDetector.ForZhuzhou());
    }
}
