using System.Diagnostics;
using System.Globalization;
using Microsoft.ML;
using Microsoft.ML.Data;
using Microsoft.ML.Transforms.Text;
using Suggestions.Classification.Evaluation;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Benchmarks;

/// <summary>
/// Side by side on the same corpus: our n-gram model and an ML.NET baseline (TextFeaturizingEstimator with
/// character 1–3-grams + SdcaMaximumEntropy), both evaluated on the dev set and timed on one thread.
/// </summary>
internal static class Compare
{
    public static int Run(string[] args)
    {
        var train = CorpusReader.Read(Repository.Corpus("train")).Items;
        var dev = CorpusReader.Read(Repository.Corpus("dev")).Items;
        var modelPath = args.Length > 1 && args[0] == "--model" ? args[1] : Path.Combine(Repository.Root, "data", "models", "default.ngm");
        Console.WriteLine($"train {train.Count}, dev {dev.Count} proposals");

        var loadWatch = Stopwatch.StartNew();
        var ours = NgramClassifier.LoadFile(modelPath, DistrictDetector.ForZhuzhou());
        var oursLoad = loadWatch.Elapsed;

        var trainWatch = Stopwatch.StartNew();
        var (sdca, sdcaPath) = SdcaBaseline.Train(train);
        var sdcaTrain = trainWatch.Elapsed;
        loadWatch.Restart();
        var sdcaLoaded = SdcaBaseline.Load(sdcaPath);
        var sdcaLoad = loadWatch.Elapsed;

        Console.WriteLine();
        Console.WriteLine("| model | strict acc | lenient acc | macro-F1 | ECE | proposals/s (1 thread) | load | file size | training |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|");
        Row(ours, dev, oursLoad, new FileInfo(modelPath).Length, "see `train` log");
        Row(sdcaLoaded, dev, sdcaLoad, new FileInfo(sdcaPath).Length, $"{sdcaTrain.TotalSeconds:F0} s");
        GC.KeepAlive(sdca);
        return 0;
    }

    private static void Row(IProposalClassifier classifier, IReadOnlyList<LabeledProposal> dev, TimeSpan load, long bytes, string training)
    {
        var texts = dev.Select(p => new ProposalText(p.Title, p.Text)).ToArray();
        var report = Evaluator.Evaluate([.. dev.Select((p, i) => (p, classifier.Classify(texts[i])))]);

        // Warm, then time whole passes over the dev texts on this one thread.
        var watch = Stopwatch.StartNew();
        var count = 0;
        while (watch.Elapsed < TimeSpan.FromSeconds(3))
        {
            foreach (var text in texts)
            {
                classifier.Classify(text);
            }

            count += texts.Length;
        }

        var perSecond = count / watch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"| {classifier.ModelVersion} | {report.StrictAccuracy:F4} | {report.LenientAccuracy:F4} | {report.MacroF1:F4} | {report.ExpectedCalibrationError:F4} | {perSecond:N0} | {load.TotalMilliseconds:F0} ms | {bytes / 1024.0 / 1024:F2} MB | {training} |"));
    }
}

/// <summary>The ML.NET baseline, behind the same interface as our classifier.</summary>
internal sealed class SdcaBaseline : IProposalClassifier
{
    private readonly PredictionEngine<Input, Output> _engine;
    private readonly string[] _labels;

    private SdcaBaseline(MLContext context, ITransformer model)
    {
        _engine = context.Model.CreatePredictionEngine<Input, Output>(model);
        var slotNames = default(VBuffer<ReadOnlyMemory<char>>);
        _engine.OutputSchema["Score"].GetSlotNames(ref slotNames);
        _labels = [.. slotNames.DenseValues().Select(v => v.ToString())];
    }

    public string ModelVersion => "mlnet-sdca";

    public static (SdcaBaseline Model, string Path) Train(IReadOnlyList<LabeledProposal> train)
    {
        var context = new MLContext(seed: 1);
        var data = context.Data.LoadFromEnumerable(train.Select(p => new Input { Text = p.Title + "\n" + p.Text, Label = p.Category }));
        var featurizer = new TextFeaturizingEstimator.Options
        {
            // Chinese has no spaces: words would be whole sentences, so use characters (1–3) only.
            WordFeatureExtractor = null,
            CharFeatureExtractor = new WordBagEstimator.Options { NgramLength = 3, UseAllLengths = true },
            Norm = TextFeaturizingEstimator.NormFunction.L2,
        };
        var pipeline = context.Transforms.Conversion.MapValueToKey("Label")
            .Append(context.Transforms.Text.FeaturizeText("Features", featurizer, nameof(Input.Text)))
            .Append(context.MulticlassClassification.Trainers.SdcaMaximumEntropy())
            .Append(context.Transforms.Conversion.MapKeyToValue("PredictedLabel"));
        var model = pipeline.Fit(data);
        var path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "suggestions-sdca.zip");
        context.Model.Save(model, data.Schema, path);
        return (new SdcaBaseline(context, model), path);
    }

    public static SdcaBaseline Load(string path)
    {
        var context = new MLContext(seed: 1);
        var model = context.Model.Load(path, out _);
        return new SdcaBaseline(context, model);
    }

    public ClassificationResult Classify(ProposalText proposal)
    {
        var output = _engine.Predict(new Input { Text = proposal.Title + "\n" + proposal.Content });
        var ranked = output.Score.Select((s, i) => (Category: _labels[i], Score: (double)s)).OrderByDescending(x => x.Score).ToList();
        return new ClassificationResult(
            output.PredictedLabel, ranked[0].Score, false,
            [.. ranked.Skip(1).Take(3).Select(x => new CategoryScore(x.Category, x.Score))],
            [], [], null, ModelVersion);
    }

    private sealed class Input
    {
        public string Text { get; set; } = string.Empty;

        public string Label { get; set; } = string.Empty;
    }

    private sealed class Output
    {
        public string PredictedLabel { get; set; } = string.Empty;

        public float[] Score { get; set; } = [];
    }
}
