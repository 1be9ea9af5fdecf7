using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// N-gram dropout in the category layer's fit (<see cref="TrainingOptions.HiddenInputDropout"/>, twenty-eighth session, ND):
/// each pass over a text reads a random part of its n-grams, rescaled to their norm, so that the layer learns to decide from
/// part of a text.
/// </summary>
public sealed class NgramDropoutTests
{
    [Fact]
    public void DropInputs_KeepsLexiconGroups_RescalesTheKeptNgramsToTheirNorm_AndNeverDropsThemAll()
    {
        // Six n-grams (features 0–5) and two lexicon groups (features 6 and 7) in one text; a one-n-gram text after it.
        var rows = new SparseRows();
        rows.Add([(0, 0.5f), (1, 0.3f), (2, 0.4f), (3, 0.2f), (4, 0.6f), (5, 0.3f), (6, 2f), (7, 1f)], 1, 1);
        rows.Add([(3, 1f), (6, 1f)], 0, 1);
        var (_, _, values) = rows.Arrays();
        var norm = values.Take(6).Sum(v => (double)v * v);
        var random = new Random(7);
        var input = new float[8];
        var dropped = 0;
        for (var pass = 0; pass < 2000; pass++)
        {
            HiddenLayerTrainer.DropInputs(rows, 0, 6, 0.3, random, input);
            Assert.Equal(2f, input[6]);
            Assert.Equal(1f, input[7]);
            var kept = Enumerable.Range(0, 6).Where(j => input[j] != 0).ToArray();
            Assert.NotEmpty(kept);
            Assert.Equal(norm, kept.Sum(j => (double)input[j] * input[j]), 5);

            // Kept n-grams keep their proportions: one scale for all.
            var scale = input[kept[0]] / values[kept[0]];
            Assert.All(kept, j => Assert.Equal(scale, input[j] / values[j], 4));
            dropped += 6 - kept.Length;
        }

        // About the chance asked for (0.3 of 12,000 draws: 3,600, standard deviation 50).
        Assert.InRange(dropped, 3300, 3900);

        // A text with one n-gram keeps it whenever it would be dropped (its values as they are).
        var single = new float[2];
        for (var pass = 0; pass < 50; pass++)
        {
            HiddenLayerTrainer.DropInputs(rows, 1, 6, 0.9, random, single);
            Assert.Equal([1f, 1f], single);
        }
    }

    /// <summary>Class 1 texts hold n-grams 0 and 1, class 0 texts n-gram 2; both hold n-gram 3.</summary>
    private static SparseRows TwoClasses()
    {
        var rows = new SparseRows();
        for (var copy = 0; copy < 30; copy++)
        {
            rows.Add([(0, 0.8f), (1, 0.2f), (3, 0.5f)], 1, 1);
            rows.Add([(2, 0.9f), (3, 0.4f)], 0, 1);
        }

        return rows;
    }

    [Fact]
    public void Fit_WithNgramDropout_IsDeterministic_MovesTheLayer_AndStillLearnsBothClasses()
    {
        // The same seed gives the same layer, and another layer than without n-gram dropout.
        var rows = TwoClasses();
        var training = Enumerable.Range(0, rows.Count).ToArray();
        var options = new TrainingOptions { HiddenUnits = 8, HiddenEpochs = 5 };
        var a = HiddenLayerTrainer.Fit(rows, training, 2, 4, 0, options, pool: TrainingOptions.SumMaxPool, inputDropout: 0.3).ToModel(1, 1);
        var b = HiddenLayerTrainer.Fit(rows, training, 2, 4, 0, options, pool: TrainingOptions.SumMaxPool, inputDropout: 0.3).ToModel(1, 1);
        var without = HiddenLayerTrainer.Fit(rows, training, 2, 4, 0, options, pool: TrainingOptions.SumMaxPool).ToModel(1, 1);
        Assert.Equal(a.InputWeights, b.InputWeights);
        Assert.Equal(a.OutputWeights, b.OutputWeights);
        Assert.NotEqual(without.InputWeights, a.InputWeights);

        // Both classes are still learnt from part-read texts.
        var trainer = HiddenLayerTrainer.Fit(rows, training, 2, 4, 0, options, pool: TrainingOptions.SumMaxPool, inputDropout: 0.3);
        for (var r = 0; r < 2; r++)
        {
            var z = trainer.Logits(rows, r);
            Assert.Equal(rows.Labels[r], z[1] > z[0] ? 1 : 0);
        }
    }

    [Fact]
    public void Fit_WithoutNgramDropout_IsTheLayerFittedBeforeTheOptionExisted()
    {
        // The default (0) reads every n-gram and draws nothing from the dropout's stream: the same layer as an explicit 0, and
        // with unit dropout on (its own stream) too. A dropout that was applied at 0 would move the layer.
        var rows = TwoClasses();
        var training = Enumerable.Range(0, rows.Count).ToArray();
        var options = new TrainingOptions { HiddenUnits = 8, HiddenEpochs = 5 };
        var a = HiddenLayerTrainer.Fit(rows, training, 2, 4, 0, options, pool: TrainingOptions.SumMaxPool).ToModel(1, 1);
        var b = HiddenLayerTrainer.Fit(rows, training, 2, 4, 0, options, pool: TrainingOptions.SumMaxPool, inputDropout: 0).ToModel(1, 1);
        Assert.Equal(a.InputWeights, b.InputWeights);
        Assert.Equal(a.OutputWeights, b.OutputWeights);
    }

    [Fact]
    public void Train_NgramDropout_IsRecorded_MovesTheCategoryModel_AndTheFileAnswersAsTrained()
    {
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();
        var options = TestCorpus.FastOptions with { HiddenUnits = 8, HiddenEpochs = 3 };
        var plain = ModelTrainer.Train(examples, options);
        var dropped = ModelTrainer.Train(examples, options with { HiddenInputDropout = 0.3 });

        Assert.Equal(0.3, dropped.Metadata.Training["hiddenInputDropout"]);
        Assert.False(plain.Metadata.Training.ContainsKey("hiddenInputDropout"));
        Assert.NotEqual(plain.Model.Hidden!.InputWeights, dropped.Model.Hidden!.InputWeights);
        TestCorpus.AssertFileAnswersAsTrained(dropped);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Train_RefusesAnNgramDropoutOutsideZeroToOne(double dropout)
    {
        var error = TestCorpus.AssertTrainingRefuses(TestCorpus.FastOptions with { HiddenInputDropout = dropout });
        Assert.Contains("dropout", error.Message);
    }
}
