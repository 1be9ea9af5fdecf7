using System.Runtime.InteropServices;
using Suggestions.Classification.Features;
using Suggestions.Classification.Model;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// The category layer's max pooling (<see cref="TrainingOptions.HiddenPool"/> <see cref="TrainingOptions.SumMaxPool"/>,
/// twenty-seventh session, M): each unit reads, besides its weighted sum of rows, the largest value its n-gram rows take over
/// the text, in the trainer and in the classifier alike; and the other poolings beside the sum: the mean of the two largest
/// (T2, <see cref="TrainingOptions.SumTopTwoPool"/>) and the largest with the smallest (MN, twenty-ninth session,
/// <see cref="TrainingOptions.SumMaxMinPool"/>).
/// </summary>
public sealed class MaxPoolTests
{
    /// <summary>
    /// Thirty random 8-bit rows of <paramref name="columns"/> weights and their scales, laid out as records
    /// (Model/FeatureRecords): 7 bytes in, the scale at byte 2, 9 bytes to spare.
    /// </summary>
    private static (sbyte[] Weights, float[] Scales, byte[] Records, int Stride) QuantizedRecords(Random random, int columns, bool repeatRowThree)
    {
        var weights = Enumerable.Range(0, 30 * columns).Select(_ => (sbyte)random.Next(-127, 128)).ToArray();
        var scales = Enumerable.Range(0, 30).Select(_ => (float)(random.NextDouble() / 40)).ToArray();
        if (repeatRowThree)
        {
            weights.AsSpan(3 * columns, columns).CopyTo(weights.AsSpan(4 * columns, columns));
            scales[4] = scales[3];
        }

        var stride = columns + 16;
        var records = new byte[30 * stride];
        for (var r = 0; r < 30; r++)
        {
            MemoryMarshal.AsBytes(weights.AsSpan(r * columns, columns)).CopyTo(records.AsSpan((r * stride) + 7));
            MemoryMarshal.Write(records.AsSpan((r * stride) + 2), scales[r]);
        }

        return (weights, scales, records, stride);
    }

    [Theory]
    [InlineData(64, false)]
    [InlineData(40, false)]
    [InlineData(13, false)]
    [InlineData(5, false)]
    [InlineData(64, true)]
    [InlineData(40, true)]
    [InlineData(13, true)]
    [InlineData(5, true)]
    public void RowMath_MaxOrMinOfQuantizedRecords_IsTheLargestOrSmallestDequantizedWeightPerColumn(int columns, bool smallest)
    {
        var random = new Random(columns + (smallest ? 7 : 0));
        var (weights, scales, records, stride) = QuantizedRecords(random, columns, repeatRowThree: false);
        int[] rows = [3, 17, 29, 0, 11];
        var start = Enumerable.Range(0, columns).Select(_ => random.NextDouble() - 0.5).ToArray();
        var actual = start.ToArray();
        void Pool(double[] sums, int[] over)
        {
            if (smallest)
            {
                RowMath.AddMinQuantizedRecords(sums, records, stride, 7, 2, over);
            }
            else
            {
                RowMath.AddMaxQuantizedRecords(sums, records, stride, 7, 2, over);
            }
        }

        Pool(actual, rows);
        for (var c = 0; c < columns; c++)
        {
            var values = rows.Select(r => weights[(r * columns) + c] * scales[r]).ToArray();
            Assert.Equal(start[c] + (smallest ? values.Min() : values.Max()), actual[c]);
        }

        // No row: nothing added (not ∓∞).
        var untouched = start.ToArray();
        Pool(untouched, []);
        Assert.Equal(start, untouched);
    }

    [Theory]
    [InlineData(64)]
    [InlineData(40)]
    [InlineData(5)]
    public void RowMath_TopTwoMeanOfQuantizedRecords_IsTheMeanOfTheTwoLargestDequantizedWeightsPerColumn(int columns)
    {
        // Row 4 repeats row 3's weights: a value held by two rows counts twice.
        var random = new Random(columns + 1);
        var (weights, scales, records, stride) = QuantizedRecords(random, columns, repeatRowThree: true);
        int[] rows = [3, 17, 29, 0, 4, 11];
        var start = Enumerable.Range(0, columns).Select(_ => random.NextDouble() - 0.5).ToArray();
        var actual = start.ToArray();
        RowMath.AddTopTwoMeanQuantizedRecords(actual, records, stride, 7, 2, rows);
        for (var c = 0; c < columns; c++)
        {
            var top = rows.Select(r => weights[(r * columns) + c] * scales[r]).OrderDescending().Take(2).ToArray();
            Assert.Equal(start[c] + (0.5 * ((double)top[0] + top[1])), actual[c], 12);
        }

        // One row: its value; none: nothing.
        var one = start.ToArray();
        RowMath.AddTopTwoMeanQuantizedRecords(one, records, stride, 7, 2, [17]);
        Assert.Equal(start.Select((x, c) => x + (weights[(17 * columns) + c] * scales[17])), one);
        var none = start.ToArray();
        RowMath.AddTopTwoMeanQuantizedRecords(none, records, stride, 7, 2, []);
        Assert.Equal(start, none);
    }

    /// <summary>Four texts thirty times over: three n-gram inputs (features 0–2) and one lexicon group (feature 3).</summary>
    internal static SparseRows FourTexts()
    {
        var rows = new SparseRows();
        for (var i = 0; i < 30; i++)
        {
            rows.Add([(0, 0.6f), (1, 0.8f), (2, 0.2f), (3, 0.5f)], 1, 1);
            rows.Add([(1, 0.3f), (2, 0.9f)], 0, 1);
            rows.Add([(0, 1f), (3, 1f)], 0, 1);
            rows.Add([(3, 1f)], 0, 1);
        }

        return rows;
    }

    [Theory]
    [InlineData(TrainingOptions.SumMaxPool)]
    [InlineData(TrainingOptions.SumTopTwoPool)]
    [InlineData(TrainingOptions.SumMaxMinPool)]
    public void Fit_Pooled_LogitsAddEachUnitsPooledNgramRows_ToItsSum(string pool)
    {
        var rows = FourTexts();
        var options = new TrainingOptions { HiddenUnits = 4, HiddenEpochs = 5 };
        var trainer = HiddenLayerTrainer.Fit(rows, [.. Enumerable.Range(0, rows.Count)], 2, 3, 1, options, pool: pool);
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

                // The lexicon group (input row 3) is summed, never pooled; a text without n-grams pools nothing. The largest
                // alone, the mean of the two largest, or the largest and the smallest.
                var top = features.Where(x => x.Feature < 3).Select(x => (double)w1[(x.Feature * 4) + u]).OrderDescending().ToArray();
                var pooled = top.Length == 0 ? 0
                    : pool == TrainingOptions.SumTopTwoPool && top.Length >= 2 ? 0.5 * (top[0] + top[1])
                    : pool == TrainingOptions.SumMaxMinPool ? top[0] + top[^1]
                    : top[0];
                var a = sum + pooled + b1[u];
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

    [Theory]
    [InlineData(TrainingOptions.SumTopTwoPool)]
    [InlineData(TrainingOptions.SumMaxMinPool)]
    public void Classify_TopTwoOrMaxMin_IsWhatTheModelRecords(string pool)
    {
        var model = ModelTrainer.Train([.. TestCorpus.Build().Select(TrainingExample.FromCorpus)], TestCorpus.FastOptions with { HiddenUnits = 8, HiddenPool = pool });
        Assert.Equal(pool, model.Metadata.HiddenPool);
        Assert.Equal(pool, TestCorpus.Reloaded(model.Save).Metadata.HiddenPool);
        Assert.NotEqual(Pooled.Value.Version[^8..], model.Version[^8..]);

        TestCorpus.AssertFileAnswersAsTrained(model);
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

        // The same weights read as the largest row alone answer otherwise: the classifier pools as the model says.
        Assert.True(moved > 0);
    }

    private static readonly Lazy<TrainingResult> Pooled = new(() =>
        ModelTrainer.Train([.. TestCorpus.Build().Select(TrainingExample.FromCorpus)], TestCorpus.FastOptions with { HiddenUnits = 8, HiddenPool = TrainingOptions.SumMaxPool }));

    private static readonly Lazy<TrainingResult> Summed = new(() =>
        ModelTrainer.Train([.. TestCorpus.Build().Select(TrainingExample.FromCorpus)], TestCorpus.FastOptions with { HiddenUnits = 8, HiddenPool = TrainingOptions.SumPool, HintHiddenPool = TrainingOptions.SumPool }));

    [Fact]
    public void Train_SumMax_IsRecorded_AndTheFileAnswersAsTheModelTrained()
    {
        var model = Pooled.Value;
        Assert.Equal(ModelMetadata.SumMaxPool, model.Metadata.HiddenPool);
        Assert.Null(Summed.Value.Metadata.HiddenPool);
        Assert.Equal(TrainingOptions.SumMaxPool, new TrainingOptions().HiddenPool);
        Assert.Equal(TrainingOptions.SumMaxPool, new TrainingOptions().HintHiddenPool);
        Assert.NotEqual(Summed.Value.Version[^8..], model.Version[^8..]);

        Assert.Equal(ModelMetadata.SumMaxPool, TestCorpus.Reloaded(model.Save).Metadata.HiddenPool);
        TestCorpus.AssertFileAnswersAsTrained(model);
    }

    [Fact]
    public void Classify_ThePoolingTheModelRecords_MovesTheCategoryScoresOnly()
    {
        var model = Pooled.Value.Model;
        var k = model.CategoryCount;
        var pooled = new NgramClassifier(model, DistrictDetector.ForZhuzhou());
        var summed = new NgramClassifier(model.With(model.Metadata with { HiddenPool = null }), DistrictDetector.ForZhuzhou());

        var moved = 0;
        foreach (var item in TestCorpus.Build(3))
        {
            var proposal = new ProposalText(item.Title, item.Text);
            var (a, b) = (new double[k], new double[k]);
            var withMax = pooled.Classify(proposal, a);
            var withoutMax = summed.Classify(proposal, b);

            // Hints come from the linear columns and the hints' own layer, which sums.
            Assert.Equal(withoutMax.Hints, withMax.Hints);
            moved += a.Zip(b).Any(x => Math.Abs(x.First - x.Second) > 1e-6) ? 1 : 0;
        }

        Assert.True(moved > 0);
    }

    private static readonly Lazy<TrainingResult> HintsPooled = new(() =>
        ModelTrainer.Train([.. TestCorpus.Build().Select(TrainingExample.FromCorpus)], TestCorpus.FastOptions with { HiddenUnits = 8, HiddenPool = TrainingOptions.SumPool, HintHiddenPool = TrainingOptions.SumMaxPool }));

    [Fact]
    public void Train_HintSumMax_MovesTheHintScoresOnly_AndTheFileAnswersAsTheModelTrained()
    {
        var pooled = HintsPooled.Value;
        var summed = Summed.Value;
        Assert.Equal(ModelMetadata.SumMaxPool, pooled.Metadata.HintHiddenPool);
        Assert.Null(pooled.Metadata.HiddenPool);
        Assert.Null(summed.Metadata.HintHiddenPool);
        Assert.NotEqual(summed.Version[^8..], pooled.Version[^8..]);

        var loaded = TestCorpus.Reloaded(pooled.Save);
        var trained = pooled.ToClassifier(DistrictDetector.ForZhuzhou());
        var before = summed.ToClassifier(DistrictDetector.ForZhuzhou());
        var unpooled = new NgramClassifier(pooled.Model.With(pooled.Metadata with { HintHiddenPool = null }), DistrictDetector.ForZhuzhou());
        var hints = pooled.Metadata.Hints.Count;
        var (moved, movedByPooling) = (0, 0);
        foreach (var item in TestCorpus.Build(3))
        {
            var proposal = new ProposalText(item.Title, item.Text);
            var (a, b) = (new double[hints], new double[hints]);
            var answer = trained.Classify(proposal, null, a);
            var answerBefore = before.Classify(proposal, null, b);
            var c = new double[hints];
            unpooled.Classify(proposal, null, c);
            movedByPooling += a.Zip(c).Any(x => Math.Abs(LogOdds(x.First) - LogOdds(x.Second)) > 1e-3) ? 1 : 0;
            Assert.Equal(answer, loaded.Classify(proposal), new ResultComparer());

            // The category model is trained alike either way: only the hints' layer differs.
            Assert.Equal((answerBefore.Category, answerBefore.Confidence, answerBefore.NeedsReview), (answer.Category, answer.Confidence, answer.NeedsReview));
            Assert.Equal(answerBefore.Alternatives, answer.Alternatives);

            // Compared as log-odds: the small corpus's hints are near certain either way.
            moved += a.Zip(b).Any(x => Math.Abs(LogOdds(x.First) - LogOdds(x.Second)) > 1e-3) ? 1 : 0;
        }

        Assert.True(moved > 0);

        // The same weights read with sums alone answer otherwise: the classifier pools as the model says.
        Assert.True(movedByPooling > 0);
    }

    private static double LogOdds(double p) => Math.Log(p / (1 - p));

    [Fact]
    public void UnknownPooling_IsRefused_ByTrainerAndModel()
    {
        var error = TestCorpus.AssertTrainingRefuses(TestCorpus.FastOptions with { HiddenPool = "mean" });
        Assert.Contains("mean", error.Message);

        var model = Summed.Value.Model;
        Assert.Throws<InvalidDataException>(() => model.With(model.Metadata with { HiddenPool = "mean" }));
        var noLayer = Summed.Value.Model;
        var withoutLayer = new NgramModel(noLayer.Metadata with { HiddenUnits = 0, HiddenNgramInputs = 0 }, noLayer.Vocabulary, noLayer.Idf, noLayer.Weights, noLayer.Bias, null, noLayer.HintHidden);
        Assert.Throws<InvalidDataException>(() => withoutLayer.With(withoutLayer.Metadata with { HiddenPool = ModelMetadata.SumMaxPool }));
        TestCorpus.AssertTrainingRefuses(TestCorpus.FastOptions with { HintHiddenPool = "mean" });
        Assert.Throws<InvalidDataException>(() => model.With(model.Metadata with { HintHiddenPool = "mean" }));
    }
}
