using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// The category layer fitted on top of naive Bayes scores (<see cref="TrainingOptions.HiddenResidual"/>, thirtieth session, RL):
/// while it is fitted, each text's layer output is added to given scores before the softmax.
/// </summary>
public sealed class ResidualLayerTests
{
    private static readonly TrainingOptions Options = new() { HiddenUnits = 4, HiddenEpochs = 20 };

    private static HiddenLayerTrainer Fit(SparseRows rows, IReadOnlyList<double[]?>? offsets) =>
        HiddenLayerTrainer.Fit(rows, [.. Enumerable.Range(0, rows.Count)], 2, 3, 1, Options, pool: TrainingOptions.SumMaxPool, offsets: offsets);

    private static double Margin(HiddenLayerTrainer layer, SparseRows rows, int r)
    {
        var z = layer.Logits(rows, r);
        return rows.Labels[r] == 0 ? z[0] - z[1] : z[1] - z[0];
    }

    [Fact]
    public void NoScores_IsTheLayerFittedAlone()
    {
        var rows = MaxPoolTests.FourTexts();
        var plain = Fit(rows, null).ToModel(1, 1);
        var none = Fit(rows, new double[]?[rows.Count]).ToModel(1, 1);
        Assert.Equal(plain.InputWeights, none.InputWeights);
        Assert.Equal(plain.OutputWeights, none.OutputWeights);
        Assert.Equal(plain.OutputBias, none.OutputBias);
    }

    [Fact]
    public void ScoresThatMisleadEveryText_TheLayerLearnsToCounter()
    {
        // Scores that push every text to class 1 by 3: the class-0 texts (rows 1–3 of each four) need the layer to say more.
        var rows = MaxPoolTests.FourTexts();
        var misleading = Enumerable.Range(0, rows.Count).Select(_ => (double[]?)[0, 3]).ToArray();
        var (plain, residual) = (Fit(rows, null), Fit(rows, misleading));
        for (var r = 1; r < 4; r++)
        {
            Assert.True(Margin(residual, rows, r) > Margin(plain, rows, r) + 1, $"row {r}");
            Assert.True(Margin(residual, rows, r) > 3, $"row {r}: the layer and the scores together answer class 0");
        }
    }

    [Fact]
    public void Train_RecordsTheOption_ChangesTheLayer_AndTheFileAnswersAsTrained()
    {
        var options = TestCorpus.FastOptions with { HiddenUnits = 8, HiddenEpochs = 4, HintHiddenUnits = 0 };
        TestCorpus.AssertOptionTakesEffect(options, options with { HiddenResidual = true }, "hiddenResidual", 1);

        // Without a layer there is nothing to fit on top of: the model is the one trained without the option.
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();
        var linear = options with { HiddenUnits = 0 };
        Assert.Equal(ModelTrainer.Train(examples, linear).Version[^8..], ModelTrainer.Train(examples, linear with { HiddenResidual = true }).Version[^8..]);
    }
}
