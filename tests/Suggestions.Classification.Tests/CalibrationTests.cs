using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

public sealed class CalibrationTests
{
    [Fact]
    public void FitTemperature_OverconfidentLogits_ReturnsTemperatureAboveOne()
    {
        // Right 70 % of the time but with logits that claim ~99 %.
        var logits = new double[100][];
        var labels = new int[100];
        for (var i = 0; i < 100; i++)
        {
            logits[i] = [6, 0];
            labels[i] = i < 70 ? 0 : 1;
        }

        var temperature = Calibration.FitTemperature(logits, labels);
        var confidence = Calibration.Probabilities(logits[0], temperature)[0];

        Assert.True(temperature > 1, $"temperature {temperature}");
        Assert.InRange(confidence, 0.68, 0.72);
    }

    [Fact]
    public void Weights_CountLikeRepeatedTexts_InTemperatureIsotonicMapAndReviewThreshold()
    {
        // Ten texts, three of them weighted 2, against the same ten with those three written twice.
        var random = new Random(7);
        var logits = Enumerable.Range(0, 10).Select(_ => new[] { random.NextDouble() * 5, random.NextDouble() * 5, random.NextDouble() * 2 }).ToArray();
        int[] labels = [0, 1, 0, 0, 2, 1, 0, 1, 1, 0];
        var weights = Enumerable.Range(0, 10).Select(i => i < 3 ? 2.0 : 1.0).ToArray();
        double[][] repeatedLogits = [.. logits, .. logits[..3]];
        int[] repeatedLabels = [.. labels, .. labels[..3]];

        var weighted = CalibrationMap.Fit(logits, labels, isotonic: true, weights: weights);
        var repeated = CalibrationMap.Fit(repeatedLogits, repeatedLabels, isotonic: true);
        var unweighted = CalibrationMap.Fit(logits, labels, isotonic: true);

        Assert.Equal(repeated.Temperature, weighted.Temperature, 9);
        Assert.Equal(repeated.IsotonicX, weighted.IsotonicX, (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.Equal(repeated.IsotonicY, weighted.IsotonicY, (a, b) => Math.Abs(a - b) < 1e-9);
        Assert.NotEqual(unweighted.Temperature, weighted.Temperature); // the weights did something
        var probabilities = logits.Select(weighted.Probabilities).ToArray();
        Assert.Equal(
            Calibration.ReviewThreshold([.. probabilities, .. probabilities[..3]], repeatedLabels, 0.6),
            Calibration.ReviewThreshold(probabilities, labels, 0.6, weights));
    }

    [Fact]
    public void FitTemperature_ReducesLogLoss()
    {
        var logits = new double[][] { [4, 0, 0], [0, 4, 0], [4, 0, 0], [0, 0, 4] };
        int[] labels = [0, 1, 1, 2];

        var temperature = Calibration.FitTemperature(logits, labels);

        Assert.True(Calibration.LogLoss(logits, labels, temperature) < Calibration.LogLoss(logits, labels, 1));
    }

    [Fact]
    public void ReviewThreshold_PicksLowestConfidenceKeepingTargetPrecision()
    {
        // Confidences 0.9 0.8 0.7 0.6 0.5; the answer at 0.6 is wrong.
        var probabilities = new double[][] { [0.9, 0.1], [0.8, 0.2], [0.7, 0.3], [0.6, 0.4], [0.5, 0.5] };
        int[] labels = [0, 0, 0, 1, 0];

        // Precision at ≥0.7 is 3/3, at ≥0.6 is 3/4, at ≥0.5 is 4/5.
        Assert.Equal(0.7, Calibration.ReviewThreshold(probabilities, labels, targetPrecision: 0.95), 6);
        Assert.Equal(0.5, Calibration.ReviewThreshold(probabilities, labels, targetPrecision: 0.8), 6);
    }

    [Fact]
    public void BestF1Threshold_SeparableScores_SplitsBetweenClasses()
    {
        double[] probabilities = [0.9, 0.8, 0.3, 0.2, 0.1];
        int[] labels = [1, 1, 0, 0, 0];

        var (threshold, f1) = Calibration.BestF1Threshold(probabilities, labels);

        Assert.Equal(1, f1, 6);
        Assert.InRange(threshold, 0.3, 0.8);
    }

    [Fact]
    public void BestF1Threshold_Weights_CountATextAsOftenAsItsWeight()
    {
        double[] probabilities = [0.8, 0.75, 0.7, 0.6, 0.5, 0.4, 0.2];
        int[] labels = [1, 0, 0, 1, 1, 0, 1];

        // The two negatives near the top weighing six each are those negatives written six times.
        var weighted = Calibration.BestF1Threshold(probabilities, labels, [1, 6, 6, 1, 1, 1, 1]);
        var repeated = Calibration.BestF1Threshold(
            [.. probabilities, .. Enumerable.Repeat(0.75, 5), .. Enumerable.Repeat(0.7, 5)], [.. labels, .. Enumerable.Repeat(0, 10)]);
        var unweighted = Calibration.BestF1Threshold(probabilities, labels);

        Assert.Equal(repeated.Threshold, weighted.Threshold, 12);
        Assert.Equal(repeated.F1, weighted.F1, 12);
        Assert.Equal(unweighted, Calibration.BestF1Threshold(probabilities, labels, [1, 1, 1, 1, 1, 1, 1]));

        // Unweighted, firing down to 0.2 is best (F1 8/11); with the heavy negatives, only the top text (F1 0.4 against 8/21 for all).
        Assert.Equal(0.15, unweighted.Threshold, 12);
        Assert.Equal(0.775, weighted.Threshold, 12);
    }

    [Fact]
    public void Isotonic_NonMonotoneAccuracy_PoolsIntoMonotoneMap()
    {
        // Accuracy 1, 0, 1, 1 at rising confidence: the violating pair pools to 0.5.
        double[] confidence = [0.2, 0.4, 0.6, 0.8];
        bool[] correct = [true, false, true, true];

        var (x, y) = Calibration.Isotonic(confidence, correct);

        Assert.Equal([0.3, 0.7], x, new ToleranceComparer());
        Assert.Equal([0.5, 1.0], y, new ToleranceComparer());
        Assert.Equal(0.75, Calibration.Interpolate(x, y, 0.5), 6);
        Assert.Equal(0.5, Calibration.Interpolate(x, y, 0.1), 6);
    }

    [Fact]
    public void Recalibrate_TopClass_TakesMappedValueAndOthersShareTheRest()
    {
        double[] probabilities = [0.1, 0.8, 0.1];

        var result = Calibration.Recalibrate(probabilities, [0.5, 0.9], [0.5, 0.7]);

        Assert.Equal(0.65, result[1], 6);
        Assert.Equal(0.175, result[0], 6);
        Assert.Equal(1, result.Sum(), 6);
    }

    private sealed class ToleranceComparer : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) < 1e-9;

        public int GetHashCode(double obj) => 0;
    }
}
