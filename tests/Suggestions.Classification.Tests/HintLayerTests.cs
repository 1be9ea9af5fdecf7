using Suggestions.Classification.Model;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// The hints' hidden layer (<see cref="TrainingOptions.HintHiddenUnits"/>, <see cref="NgramModel.HintHidden"/>): each hint's
/// own two-class layer, stacked with its linear parts, held side by side in one layer whose outputs add to the hint scores
/// and to nothing else.
/// </summary>
public sealed class HintLayerTests
{
    private static readonly string[] AllHints = [.. ModelTrainer.LearnedHints];

    private static readonly Lazy<TrainingResult> WithHintLayer = new(() =>
        ModelTrainer.Train([.. TestCorpus.Build().Select(TrainingExample.FromCorpus)], TestCorpus.FastOptions with { HintHiddenUnits = 4, HintHiddenCodes = AllHints }));

    private static readonly Lazy<TrainingResult> WithoutHintLayer = new(() =>
        ModelTrainer.Train([.. TestCorpus.Build().Select(TrainingExample.FromCorpus)], TestCorpus.FastOptions with { HintHiddenUnits = 0 }));

    private static HiddenLayer RandomTwoClassLayer(Random random, int units, int ngramInputs, int groups)
    {
        float Next() => (float)(random.NextDouble() - 0.5);
        return new HiddenLayer(
            units, ngramInputs, groups, 2,
            [.. Enumerable.Range(0, (ngramInputs + groups) * units).Select(_ => Next())],
            [.. Enumerable.Range(0, units).Select(_ => Next())],
            [.. Enumerable.Range(0, units * 2).Select(_ => Next())],
            [Next(), Next()]);
    }

    /// <summary>A layer's outputs for the given input values (row → value), as the classifier computes them.</summary>
    private static double[] Outputs(HiddenLayer layer, IReadOnlyList<(int Row, double Value)> inputs)
    {
        var units = new double[layer.Units];
        foreach (var (row, value) in inputs)
        {
            layer.AddRow(units, row, value);
        }

        var outputs = new double[layer.Categories];
        layer.AddOutput(units, outputs);
        return outputs;
    }

    [Fact]
    public void SideBySide_EachOutputIsItsOwnLayersLogOdds_AndAnOutputWithoutALayerStaysZero()
    {
        var random = new Random(7);
        var first = RandomTwoClassLayer(random, 3, 4, 1);
        var second = RandomTwoClassLayer(random, 2, 4, 1);

        var joined = HiddenLayer.SideBySide([(2, first), (0, second)], 3);

        Assert.Equal(5, joined.Units);
        Assert.Equal(3, joined.Categories);
        for (var trial = 0; trial < 20; trial++)
        {
            var inputs = Enumerable.Range(0, 5).Where(_ => random.Next(2) == 0).Select(row => (row, random.NextDouble() * 2)).ToList();
            var (a, b, both) = (Outputs(first, inputs), Outputs(second, inputs), Outputs(joined, inputs));

            Assert.Equal(a[1] - a[0], both[2], 5);
            Assert.Equal(b[1] - b[0], both[0], 5);
            Assert.Equal(0, both[1]);
        }

        Assert.Throws<ArgumentException>(() => HiddenLayer.SideBySide([(0, first), (1, RandomTwoClassLayer(random, 2, 3, 1))], 2));
    }

    [Fact]
    public void Train_HintHiddenUnits_GivesEachHintItsUnits_AndTheFileAnswersAsTheModelTrained()
    {
        var model = WithHintLayer.Value;
        var layer = Assert.IsType<HiddenLayer>(model.Model.HintHidden);

        // Each hint the corpus can teach (a stacked third part) brings its 4 units; a hint with too few examples, none.
        var layered = AllHints.Count(h => model.Metadata.Training.ContainsKey($"hint.{h}.partWeight2"));
        Assert.True(layered > 0);
        Assert.Equal(4 * layered, layer.Units);
        Assert.Equal(layer.Units, model.Metadata.HintHiddenUnits);
        Assert.Equal(layer.NgramInputs, model.Metadata.HintHiddenNgramInputs);
        Assert.Equal(model.Metadata.Hints.Count, layer.Categories);
        Assert.All(AllHints.Where(h => model.Metadata.Training.ContainsKey($"hint.{h}.partWeight2")), h => Assert.True(model.Metadata.Training[$"hint.{h}.partWeight2"] > 0));

        Assert.Equal(8, new TrainingOptions().HintHiddenUnits);
        Assert.DoesNotContain(HintCodes.OutsideRemit, new TrainingOptions().HintHiddenCodes);
        Assert.Null(WithoutHintLayer.Value.Model.HintHidden);
        Assert.Equal(0, WithoutHintLayer.Value.Metadata.HintHiddenUnits);
        Assert.NotEqual(WithoutHintLayer.Value.Version[^8..], model.Version[^8..]);

        var loaded = TestCorpus.Reloaded(model.Save);
        var trained = model.ToClassifier(DistrictDetector.ForZhuzhou());
        foreach (var item in TestCorpus.Build(3))
        {
            var proposal = new ProposalText(item.Title, item.Text);
            var (a, b) = (new double[layer.Categories], new double[layer.Categories]);
            Assert.Equal(trained.Classify(proposal, null, a), loaded.Classify(proposal, null, b), new ResultComparer());
            Assert.Equal(a, b);
        }

        // Read and written again: the very bytes.
        using var once = new MemoryStream();
        model.Save(once);
        once.Position = 0;
        using var twice = new MemoryStream();
        NgramModel.Load(once).Save(twice);
        Assert.Equal(once.ToArray(), twice.ToArray());
    }

    [Fact]
    public void Classify_TheHintLayerMovesHintScoresOnly_CategoriesAnswerAsWithoutIt()
    {
        var model = WithHintLayer.Value;
        var with = model.ToClassifier(DistrictDetector.ForZhuzhou());
        var without = WithoutHintLayer.Value.ToClassifier(DistrictDetector.ForZhuzhou());
        var k = model.Model.CategoryCount;
        var hints = model.Metadata.Hints.Count;

        // The same model with its hint layer's outputs silenced: what the layer itself adds at run time.
        var layer = model.Model.HintHidden!;
        var silentLayer = new HiddenLayer(layer.Units, layer.NgramInputs, layer.GroupInputs, hints, layer.InputWeights, layer.InputBias, new float[layer.OutputWeights.Length], new float[hints]);
        var m = model.Model;
        var silent = new NgramClassifier(new NgramModel(m.Metadata, m.Vocabulary, m.Idf, m.Weights, m.Bias, m.Hidden, silentLayer), DistrictDetector.ForZhuzhou());

        var moved = 0;
        foreach (var item in TestCorpus.Build(3))
        {
            var proposal = new ProposalText(item.Title, item.Text);
            var (scoresWith, scoresWithout) = (new double[k], new double[k]);
            var (hintsWith, hintsWithout) = (new double[hints], new double[hints]);
            var a = with.Classify(proposal, scoresWith, hintsWith);
            var b = without.Classify(proposal, scoresWithout, hintsWithout);
            var hintsSilent = new double[hints];
            var c = silent.Classify(proposal, null, hintsSilent);
            Assert.Equal(a.Category, c.Category);

            // The category model is trained before the hints and never reads them: the same answer to the last digit.
            Assert.Equal(scoresWithout, scoresWith);
            Assert.Equal(b.Category, a.Category);
            Assert.Equal(b.Confidence, a.Confidence);
            Assert.Equal(b.Alternatives, a.Alternatives);
            Assert.Equal(b.NeedsReview, a.NeedsReview);
            // This corpus's hints are all but certain either way: compared as log-odds.
            moved += hintsWith.Zip(hintsSilent).Any(x => Math.Abs(LogOdds(x.First) - LogOdds(x.Second)) > 1e-3) ? 1 : 0;
        }

        Assert.True(moved > 0);
    }

    private static double LogOdds(double p) => Math.Log(Math.Clamp(p, 1e-300, 1 - 1e-16) / (1 - Math.Clamp(p, 1e-300, 1 - 1e-16)));

    [Fact]
    public void Model_RefusesAHintLayerItsMetadataDoesNotDeclare()
    {
        var model = WithHintLayer.Value.Model;

        Assert.Throws<InvalidDataException>(() => model.With(model.Metadata with { HintHiddenUnits = 0 }));
        Assert.Throws<InvalidDataException>(() => WithoutHintLayer.Value.Model.With(model.Metadata));
    }

    [Fact]
    public void Train_TheHintLayersTakeTheirOwnStepSize_NotTheCategoryLayers()
    {
        Assert.Equal(0.1, new TrainingOptions().HiddenRate);
        Assert.Equal(0.2, new TrainingOptions().HintHiddenRate);
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();
        var options = TestCorpus.FastOptions with { HintHiddenUnits = 4, HintHiddenCodes = AllHints };

        var otherCategoryStep = ModelTrainer.Train(examples, options with { HiddenRate = 0.3 }).Model.HintHidden!;
        var otherHintStep = ModelTrainer.Train(examples, options with { HintHiddenRate = 0.3 }).Model.HintHidden!;
        var layer = WithHintLayer.Value.Model.HintHidden!;

        Assert.Equal(layer.Quantized().Values, otherCategoryStep.Quantized().Values);
        Assert.NotEqual(layer.Quantized().Values, otherHintStep.Quantized().Values);
    }

    [Fact]
    public void Train_RefusesAnUnknownHintCode_BeforeFitting()
    {
        var error = Assert.Throws<ArgumentException>(() => ModelTrainer.Train(
            [.. TestCorpus.Build(3).Select(TrainingExample.FromCorpus)], TestCorpus.FastOptions with { HintHiddenCodes = ["personal_grievence"] }));

        Assert.Contains("personal_grievence", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Recalibrate_KeepsTheHintLayer()
    {
        var model = WithHintLayer.Value;
        var classifier = model.ToClassifier(DistrictDetector.ForZhuzhou());
        var reviewed = TestCorpus.EveryThirdReviewedOther();

        var result = TestCorpus.Recalibrated(model, classifier, reviewed);

        Assert.Same(model.Model.HintHidden, result.Model.Model.HintHidden);
    }
}
