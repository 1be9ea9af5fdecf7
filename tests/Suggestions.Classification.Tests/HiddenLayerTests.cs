using Suggestions.Classification.Model;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// The category model's hidden layer (<see cref="TrainingOptions.HiddenUnits"/>, <see cref="HiddenLayer"/>): it learns what
/// a sum of word weights cannot, is stored in 8 bits without changing an answer, and only adds to the category scores.
/// </summary>
public sealed class HiddenLayerTests
{
    /// <summary>
    /// Every text holds word 2; class 1 when exactly one of words 0 and 1 is there too, class 0 when both or neither are
    /// (exclusive or). No weighted sum of the words separates that; one layer of rectified units does.
    /// </summary>
    private static SparseRows Exclusive()
    {
        var rows = new SparseRows();
        for (var copy = 0; copy < 40; copy++)
        {
            rows.Add([(0, 1f), (2, 1f)], 1, 1);
            rows.Add([(1, 1f), (2, 1f)], 1, 1);
            rows.Add([(0, 1f), (1, 1f), (2, 1f)], 0, 1);
            rows.Add([(2, 1f)], 0, 1);
        }

        return rows;
    }

    [Fact]
    public void Fit_LearnsWhatNoSumOfWordWeightsCan()
    {
        var rows = Exclusive();
        var options = new TrainingOptions { HiddenUnits = 16, HiddenEpochs = 200, HiddenDropout = 0 };

        // Three n-gram features (0–2), no lexicon groups; all rows train.
        var layer = HiddenLayerTrainer.Fit(rows, [.. Enumerable.Range(0, rows.Count)], 2, 3, 0, options);

        for (var r = 0; r < 4; r++)
        {
            var z = layer.Logits(rows, r);
            Assert.Equal(rows.Labels[r], z[1] > z[0] ? 1 : 0);
        }

        // The logistic part alone cannot: with the same rows it gets at least one of the four kinds wrong.
        var linear = SoftmaxRegression.Train(rows, [.. Enumerable.Range(0, rows.Count)], 2, 3, 1e-4, 200);
        Assert.Contains(Enumerable.Range(0, 4), r =>
        {
            var z = linear.Logits(rows, r);
            return (z[1] > z[0] ? 1 : 0) != rows.Labels[r];
        });
    }

    [Fact]
    public void Fit_IsDeterministic_AndRowsNoTextTouchedStaySilent()
    {
        var rows = Exclusive();
        var options = new TrainingOptions { HiddenUnits = 4, HiddenEpochs = 3 };
        var a = HiddenLayerTrainer.Fit(rows, [.. Enumerable.Range(0, rows.Count)], 2, 5, 1, options).ToModel(1, 1);
        var b = HiddenLayerTrainer.Fit(rows, [.. Enumerable.Range(0, rows.Count)], 2, 5, 1, options).ToModel(1, 1);

        Assert.Equal(a.InputWeights, b.InputWeights);
        Assert.Equal(a.OutputWeights, b.OutputWeights);

        // Features 3 and 4 and the lexicon group (row 5) occur in no row: their input rows are zero.
        Assert.All(a.InputWeights.Skip(3 * 4), w => Assert.Equal(0f, w));
        Assert.Contains(a.InputWeights.Take(3 * 4), w => w != 0);
    }

    [Fact]
    public void ToModel_FoldsThePartWeightIntoTheOutput_AndTheLexiconScaleIntoTheGroupRows()
    {
        var rows = new SparseRows();
        for (var i = 0; i < 20; i++)
        {
            rows.Add([(0, 1f), (2, 0.5f)], i % 2, 1);
            rows.Add([(1, 1f), (2, 0.5f)], (i + 1) % 2, 1);
        }

        var options = new TrainingOptions { HiddenUnits = 3, HiddenEpochs = 2 };
        var trainer = HiddenLayerTrainer.Fit(rows, [.. Enumerable.Range(0, rows.Count)], 2, 2, 1, options);
        var plain = trainer.ToModel(1, 1);
        var scaled = trainer.ToModel(0.5, 0.35);

        Assert.Equal(plain.OutputWeights.Select(w => w * 0.5f), scaled.OutputWeights);
        Assert.Equal(plain.OutputBias.Select(w => w * 0.5f), scaled.OutputBias);
        Assert.Equal(plain.InputWeights.Take(2 * 3), scaled.InputWeights.Take(2 * 3));
        Assert.Equal(plain.InputWeights.Skip(2 * 3).Select(w => (float)(w * 0.35)), scaled.InputWeights.Skip(2 * 3));
    }

    [Fact]
    public void Quantized_RowsComeBackWithinHalfAStepOfTheirScale()
    {
        float[] weights = [0.5f, -0.25f, 0.01f, 0f, 0f, 0f, -3f, 2f, 1f];
        var layer = new HiddenLayer(3, 2, 1, 2, weights, [0, 0, 0], [1, 0, 0, 1, 1, 1], [0, 0]);

        var (scales, values) = layer.Quantized();
        var back = HiddenLayer.FromQuantized(3, 2, 1, 2, scales, values, layer.InputBias, layer.OutputWeights, layer.OutputBias);

        Assert.Equal(0.5f / 127, scales[0]);
        Assert.Equal(0f, scales[1]);
        for (var i = 0; i < weights.Length; i++)
        {
            Assert.InRange(Math.Abs(back.InputWeights[i] - weights[i]), 0, (scales[i / 3] / 2) + 1e-7);
        }

        Assert.Throws<InvalidDataException>(() => HiddenLayer.FromQuantized(3, 2, 1, 2, scales, values[..^1], layer.InputBias, layer.OutputWeights, layer.OutputBias));
    }

    private static readonly Lazy<TrainingResult> WithLayer = new(() =>
        ModelTrainer.Train([.. TestCorpus.Build().Select(TrainingExample.FromCorpus)], TestCorpus.FastOptions with { HiddenUnits = 8 }));

    private static readonly Lazy<TrainingResult> WithoutLayer = new(() =>
        ModelTrainer.Train([.. TestCorpus.Build().Select(TrainingExample.FromCorpus)], TestCorpus.FastOptions with { HiddenUnits = 0 }));

    [Fact]
    public void Train_HiddenUnits_StacksTheLayer_AndTheFileAnswersAsTheModelTrained()
    {
        var model = WithLayer.Value;
        var hidden = Assert.IsType<HiddenLayer>(model.Model.Hidden);

        Assert.Equal(8, model.Metadata.HiddenUnits);
        Assert.Equal(hidden.NgramInputs, model.Metadata.HiddenNgramInputs);
        Assert.True(model.Metadata.Training["partWeight2"] > 0);
        Assert.Null(WithoutLayer.Value.Model.Hidden);
        Assert.Equal(0, WithoutLayer.Value.Metadata.HiddenUnits);
        Assert.False(WithoutLayer.Value.Metadata.Training.ContainsKey("partWeight2"));
        Assert.NotEqual(WithoutLayer.Value.Version[^8..], model.Version[^8..]);
        Assert.Equal(64, new TrainingOptions().HiddenUnits);
        TestCorpus.AssertFileAnswersAsTrained(model);
    }

    [Fact]
    public void SavedModel_ReadAndWrittenAgain_KeepsTheVeryBytesOfItsLayer()
    {
        using var first = new MemoryStream();
        WithLayer.Value.Save(first);
        first.Position = 0;
        var loaded = NgramModel.Load(first);
        using var second = new MemoryStream();
        loaded.Save(second);

        Assert.Equal(first.ToArray(), second.ToArray());
        Assert.Equal(WithLayer.Value.Model.Hidden!.InputWeights, loaded.Hidden!.InputWeights);
    }

    [Fact]
    public void Classify_TheLayerOnlyAddsToTheCategoryScores()
    {
        var model = WithLayer.Value.Model;
        var k = model.CategoryCount;
        var hidden = model.Hidden!;
        var silent = new HiddenLayer(hidden.Units, hidden.NgramInputs, hidden.GroupInputs, k, hidden.InputWeights, hidden.InputBias, new float[hidden.OutputWeights.Length], new float[k]);
        var with = new NgramClassifier(model, DistrictDetector.ForZhuzhou());
        var without = new NgramClassifier(new NgramModel(model.Metadata, model.Vocabulary, model.Idf, model.Weights, model.Bias, silent, model.HintHidden), DistrictDetector.ForZhuzhou());

        var moved = 0;
        foreach (var item in TestCorpus.Build(3))
        {
            var proposal = new ProposalText(item.Title, item.Text);
            var (a, b) = (new double[k], new double[k]);
            var answerWith = with.Classify(proposal, a);
            var answerWithout = without.Classify(proposal, b);

            // Hints and reasons come from the linear columns alone.
            Assert.Equal(answerWithout.Hints, answerWith.Hints);
            if (answerWith.Category == answerWithout.Category)
            {
                Assert.Equal(answerWithout.Reasons, answerWith.Reasons);
            }

            moved += a.Zip(b).Any(x => Math.Abs(x.First - x.Second) > 1e-6) ? 1 : 0;
        }

        Assert.True(moved > 0);
    }

    [Fact]
    public void Recalibrate_KeepsTheLayer()
    {
        var model = WithLayer.Value;
        var classifier = model.ToClassifier(DistrictDetector.ForZhuzhou());
        var reviewed = TestCorpus.EveryThirdReviewedOther();

        var result = TestCorpus.Recalibrated(model, classifier, reviewed);

        Assert.Same(model.Model.Hidden, result.Model.Model.Hidden);
        var reloaded = TestCorpus.Reloaded(result.Model.Save);
        var proposal = new ProposalText(string.Empty, "建议在学校门口增设红绿灯，早晚接送孩子太危险了");
        Assert.Equal(result.Model.ToClassifier(DistrictDetector.ForZhuzhou()).Classify(proposal), reloaded.Classify(proposal), new ResultComparer());
        Assert.Equal(classifier.Classify(proposal).Category, reloaded.Classify(proposal).Category);
    }
}
