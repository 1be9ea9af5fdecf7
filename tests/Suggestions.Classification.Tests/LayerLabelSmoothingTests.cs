using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>Label smoothing in the category layer's fit (<see cref="TrainingOptions.HiddenLabelSmoothing"/>, thirtieth session, LB).</summary>
public sealed class LayerLabelSmoothingTests
{
    private static HiddenLayerTrainer Fit(double smoothing) =>
        HiddenLayerTrainer.Fit(MaxPoolTests.FourTexts(), [.. Enumerable.Range(0, 120)], 2, 3, 1, new TrainingOptions { HiddenUnits = 4, HiddenEpochs = 40, HiddenDropout = 0 }, pool: TrainingOptions.SumMaxPool, labelSmoothing: smoothing);

    private static double LabelProbability(HiddenLayerTrainer layer, int r)
    {
        var rows = MaxPoolTests.FourTexts();
        var z = layer.Logits(rows, r);
        var label = rows.Labels[r];
        return 1 / (1 + Math.Exp(z[1 - label] - z[label]));
    }

    [Fact]
    public void Smoothed_TheLayerAimsAtTheSmoothedTargets_NotAtCertainty()
    {
        // With e = 0.5 over two classes each target is 0.75 for the text's class: the layer fitted long on four separable
        // texts ends near 0.75, where the layer fitted to the plain targets ends near 1.
        var (plain, smoothed) = (Fit(0), Fit(0.5));
        for (var r = 0; r < 4; r++)
        {
            Assert.InRange(LabelProbability(smoothed, r), 0.6, 0.85);
            Assert.True(LabelProbability(plain, r) > 0.95, $"row {r}: {LabelProbability(plain, r)}");
        }
    }

    [Fact]
    public void Train_RecordsTheSmoothing_TheFileAnswersAsTrained_AndRefusesBadValues()
    {
        var options = TestCorpus.FastOptions with { HiddenUnits = 8, HiddenEpochs = 4, HintHiddenUnits = 4 };
        var (plain, smoothed) = TestCorpus.AssertOptionTakesEffect(options, options with { HiddenLabelSmoothing = 0.1 }, "hiddenLabelSmoothing", 0.1);

        // The hints' layers are fitted as before.
        Assert.Equal(plain.Model.HintHidden!.InputWeights, smoothed.Model.HintHidden!.InputWeights);

        TestCorpus.AssertTrainingRefuses(options with { HiddenLabelSmoothing = 1 });
        TestCorpus.AssertTrainingRefuses(options with { HiddenLabelSmoothing = -0.1 });
    }
}
