using System.Runtime.InteropServices;
using Suggestions.Classification.Features;
using Suggestions.Classification.Model;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// Min pooling beside sum and max in a hidden layer (<see cref="TrainingOptions.SumMaxMinPool"/>, twenty-ninth session, MN):
/// each unit also reads the smallest value its n-gram rows take over the text, in the trainer and the classifier alike.
/// </summary>
public sealed class MinPoolTests
{
    [Theory]
    [InlineData(64)]
    [InlineData(40)]
    [InlineData(13)]
    [InlineData(5)]
    public void RowMath_MinOfQuantizedRecords_IsTheSmallestDequantizedWeightPerColumn(int columns)
    {
        var random = new Random(columns + 7);
        var weights = Enumerable.Range(0, 30 * columns).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var scales = Enumerable.Range(0, 30).Select(_ => (float)(random.NextDouble() / 40)).ToArray();
        var stride = columns + 16;
        var records = new byte[30 * stride];
        for (var r = 0; r < 30; r++)
        {
            MemoryMarshal.AsBytes(weights.AsSpan(r * columns, columns)).CopyTo(records.AsSpan((r * stride) + 7));
            MemoryMarshal.Write(records.AsSpan((r * stride) + 2), scales[r]);
        }

        int[] rows = [3, 17, 29, 0, 11];
        var start = Enumerable.Range(0, columns).Select(_ => random.NextDouble() - 0.5).ToArray();
        var actual = start.ToArray();
        RowMath.AddMinQuantizedRecords(actual, records, stride, 7, 2, rows);
        for (var c = 0; c < columns; c++)
        {
            var smallest = rows.Min(r => weights[(r * columns) + c] * scales[r]);
            Assert.Equal(start[c] + smallest, actual[c]);
        }

        // No row: nothing added (not +∞).
        var untouched = start.ToArray();
        RowMath.AddMinQuantizedRecords(untouched, records, stride, 7, 2, []);
        Assert.Equal(start, untouched);
    }

    [Fact]
    public void Fit_MaxMin_LogitsAddEachUnitsLargestAndSmallestNgramRow_ToItsSum()
    {
        var rows = new SparseRows();
        for (var i = 0; i < 30; i++)
        {
            rows.Add([(0, 0.6f), (1, 0.8f), (2, 0.2f), (3, 0.5f)], 1, 1);
            rows.Add([(1, 0.3f), (2, 0.9f)], 0, 1);
            rows.Add([(0, 1f), (3, 1f)], 0, 1);
            rows.Add([(3, 1f)], 0, 1);
        }

        // Three n-gram inputs (features 0–2), one lexicon group (feature 3).
        var options = new TrainingOptions { HiddenUnits = 4, HiddenEpochs = 5 };
        var trainer = HiddenLayerTrainer.Fit(rows, [.. Enumerable.Range(0, rows.Count)], 2, 3, 1, options, pool: TrainingOptions.SumMaxMinPool);
        var layer = trainer.ToModel(1, 1);
        var (w1, b1, w2, b2) = (layer.InputWeights, layer.InputBias, layer.OutputWeights, layer.OutputBias);
        var (starts, indices, values) = rows.Arrays();
        for (var r = 0; r < 4; r++)
        {
            var features = Enumerable.Range(starts[r], starts[r + 1] - starts[r]).Select(j => (Feature: indices[j], Value: values[j])).ToArray();
            var z = new double[] { b2[0], b2[1] };
            for (var u = 0; u < 4; u++)
            {
                var sum = features.Sum(x => x.Value * (double)w1[(x.Feature * 4) + u]);

                // The lexicon group (input row 3) is summed, never pooled; a text without n-grams pools nothing.
                var pooled = features.Where(x => x.Feature < 3).Select(x => (double)w1[(x.Feature * 4) + u]).ToArray();
                var a = sum + (pooled.Length == 0 ? 0 : pooled.Max() + pooled.Min()) + b1[u];
                for (var c = 0; c < 2; c++)
                {
                    z[c] += Math.Max(a, 0) * w2[(u * 2) + c];
                }
            }

            var logits = trainer.Logits(rows, r);
            Assert.Equal(z[0], logits[0], 5);
            Assert.Equal(z[1], logits[1], 5);
        }
    }

    [Fact]
    public void Train_SumMaxMin_IsRecorded_TheFileAnswersAsTrained_AndTheClassifierPoolsAsTheModelSays()
    {
        var model = ModelTrainer.Train([.. TestCorpus.Build().Select(TrainingExample.FromCorpus)], TestCorpus.FastOptions with { HiddenUnits = 8, HiddenPool = TrainingOptions.SumMaxMinPool });
        Assert.Equal(ModelMetadata.SumMaxMinPool, model.Metadata.HiddenPool);
        Assert.Equal(ModelMetadata.SumMaxMinPool, TestCorpus.Reloaded(model.Save).Metadata.HiddenPool);
        TestCorpus.AssertFileAnswersAsTrained(model);

        // The same weights read without the min answer otherwise.
        var k = model.Model.CategoryCount;
        var trained = model.ToClassifier(DistrictDetector.ForZhuzhou());
        var asMax = new NgramClassifier(model.Model.With(model.Metadata with { HiddenPool = ModelMetadata.SumMaxPool }), DistrictDetector.ForZhuzhou());
        var moved = 0;
        foreach (var item in TestCorpus.Build(3))
        {
            var proposal = new ProposalText(item.Title, item.Text);
            var (a, b) = (new double[k], new double[k]);
            trained.Classify(proposal, a);
            asMax.Classify(proposal, b);
            moved += a.Zip(b).Any(x => Math.Abs(x.First - x.Second) > 1e-6) ? 1 : 0;
        }

        Assert.True(moved > 0);
    }
}
