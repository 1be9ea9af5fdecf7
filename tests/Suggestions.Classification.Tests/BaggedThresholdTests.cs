using Suggestions.Classification.Features;
using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// Hint thresholds as the median over bootstrap resamples (<see cref="TrainingOptions.HintThresholdResamples"/>, twenty-ninth
/// session, BT): the same kind of cut as the best-F1 threshold, less at the mercy of the texts nearest it.
/// </summary>
public sealed class BaggedThresholdTests
{
    /// <summary>
    /// Scores of a smooth model: a logistic of a unit normal, shifted by <c>2</c> for the positives (5 % of the texts), as the
    /// hints' out-of-fold probabilities look: few positives, overlapping.
    /// </summary>
    private static (double[] P, int[] Y) Noisy(Random random, int n)
    {
        var (p, y) = (new double[n], new int[n]);
        for (var i = 0; i < n; i++)
        {
            y[i] = random.NextDouble() < 0.05 ? 1 : 0;
            var normal = Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
            p[i] = TopicMath.Sigmoid(normal + (2 * y[i]) - 2);
        }

        return (p, y);
    }

    [Fact]
    public void F1At_CountsTheTextsAtOrAboveTheThreshold()
    {
        double[] p = [0.9, 0.7, 0.5, 0.2];
        int[] y = [1, 0, 1, 0];

        // At 0.5: three fired, two of them right, two positives: 2·2 / (3 + 2).
        Assert.Equal(0.8, Calibration.F1At(p, y, 0.5), 12);
        Assert.Equal(2.0 / 3, Calibration.F1At(p, y, 0.8), 12);
        Assert.Equal(0, Calibration.F1At([0.1], [0], 0.5));
    }

    [Fact]
    public void BaggedF1Threshold_OnSeparableScores_CutsWhereTheBestF1Does()
    {
        double[] p = [0.95, 0.9, 0.85, 0.8, 0.2, 0.15, 0.1, 0.05, 0.12, 0.18];
        int[] y = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0];
        var (threshold, f1) = Calibration.BaggedF1Threshold(p, y, 51, new Random(3));

        Assert.InRange(threshold, 0.2, 0.8);
        Assert.Equal(1, f1);
        Assert.Equal(Calibration.BaggedF1Threshold(p, y, 51, new Random(3)), (threshold, f1));
        Assert.Throws<ArgumentOutOfRangeException>(() => Calibration.BaggedF1Threshold(p, y, 0, new Random(3)));
    }

    [Fact]
    public void BaggedF1Threshold_MovesLessThanTheBestF1Threshold_AcrossSamplesOfOneSource()
    {
        // Twenty samples of 2,000 texts from the same source: the cut chosen on each should be the same in principle.
        var random = new Random(11);
        var best = new List<double>();
        var bagged = new List<double>();
        for (var s = 0; s < 20; s++)
        {
            var (p, y) = Noisy(random, 2000);
            best.Add(Calibration.BestF1Threshold(p, y).Threshold);
            bagged.Add(Calibration.BaggedF1Threshold(p, y, 50, new Random(s)).Threshold);
        }

        static double Spread(List<double> xs) => Math.Sqrt(xs.Sum(x => (x - xs.Average()) * (x - xs.Average())) / xs.Count);
        Assert.True(Spread(bagged) < Spread(best), $"bagged spread {Spread(bagged):F4}, best-F1 spread {Spread(best):F4}");
    }

    [Fact]
    public void Train_Resamples_MoveOnlyTheHintThresholds_EachTheBaggedCutOfItsOutOfFoldProbabilities_AndAreRecorded()
    {
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();
        var plain = TestCorpus.SmallModel;
        var bagged = ModelTrainer.Train(examples, TestCorpus.FastOptions with { HintThresholdResamples = 50 });

        // The same weights, calibration and review threshold.
        Assert.Equal(plain.Version, bagged.Version);
        Assert.Equal(plain.Metadata.ReviewThreshold, bagged.Metadata.ReviewThreshold);
        Assert.Equal(plain.Metadata.Temperature, bagged.Metadata.Temperature);

        // Each learned hint's threshold is the bagged cut of the out-of-fold probabilities the plain one was chosen on.
        var anchors = bagged.OutOfFold!.Hints;
        Assert.NotEmpty(anchors);
        foreach (var anchor in anchors.Where(a => a.Probabilities.Count > 0))
        {
            var h = bagged.Metadata.Hints.ToList().IndexOf(anchor.Hint);
            var expected = Calibration.BaggedF1Threshold([.. anchor.Probabilities], [.. anchor.Labels], 50, ModelTrainer.HintThresholdRandom(anchor.Hint, TestCorpus.FastOptions.Seed)).Threshold;
            Assert.Equal(expected, bagged.Metadata.HintThresholds[h]);
            Assert.Equal(Calibration.BestF1Threshold([.. anchor.Probabilities], [.. anchor.Labels]).Threshold, plain.Metadata.HintThresholds[h]);
        }

        Assert.Equal(50, bagged.Metadata.Training["hintThresholdResamples"]);
        Assert.False(plain.Metadata.Training.ContainsKey("hintThresholdResamples"));
        TestCorpus.AssertTrainingRefuses(TestCorpus.FastOptions with { HintThresholdResamples = -1 });
    }
}
