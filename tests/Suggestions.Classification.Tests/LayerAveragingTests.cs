using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// The hidden layers' weights averaged over the last epochs (<see cref="TrainingOptions.HiddenAverageFrom"/>, twenty-ninth
/// session, AV): the mean of the end-of-epoch snapshots instead of the last alone.
/// </summary>
public sealed class LayerAveragingTests
{
    private static Model.HiddenLayer Fit(int epochs, int averageFrom) =>
        HiddenLayerTrainer.Fit(MaxPoolTests.FourTexts(), [.. Enumerable.Range(0, 120)], 2, 3, 1, new TrainingOptions { HiddenUnits = 4, HiddenEpochs = epochs, HiddenAverageFrom = averageFrom }, pool: TrainingOptions.SumMaxPool).ToModel(1, 1);

    [Fact]
    public void Averaged_IsTheMeanOfTheEndOfEpochWeights()
    {
        // A fit of fewer epochs is the first part of a longer one (the same seeded order), so its weights are the snapshots.
        var (two, three, four) = (Fit(2, 0), Fit(3, 0), Fit(4, 0));
        var averaged = Fit(4, 2);
        static void AssertMean(float[] actual, params float[][] snapshots)
        {
            for (var i = 0; i < actual.Length; i++)
            {
                Assert.Equal(snapshots.Average(s => (double)s[i]), actual[i], 5);
            }
        }

        AssertMean(averaged.InputWeights, two.InputWeights, three.InputWeights, four.InputWeights);
        AssertMean(averaged.InputBias, two.InputBias, three.InputBias, four.InputBias);
        AssertMean(averaged.OutputWeights, two.OutputWeights, three.OutputWeights, four.OutputWeights);
        AssertMean(averaged.OutputBias, two.OutputBias, three.OutputBias, four.OutputBias);
        Assert.NotEqual(four.InputWeights, averaged.InputWeights);
    }

    [Fact]
    public void AveragingTheLastEpochAlone_OrNone_IsTheLayerFittedBefore()
    {
        var plain = Fit(3, 0);
        Assert.Equal(plain.InputWeights, Fit(3, 3).InputWeights);
        Assert.Equal(plain.OutputWeights, Fit(3, 3).OutputWeights);
    }

    [Fact]
    public void Train_RecordsTheAveraging_TheFileAnswersAsTrained_AndRefusesAnEpochOutOfRange()
    {
        var examples = TestCorpus.Build().Select(TrainingExample.FromCorpus).ToList();
        var options = TestCorpus.FastOptions with { HiddenUnits = 8, HiddenEpochs = 4, HintHiddenUnits = 4 };
        var averaged = ModelTrainer.Train(examples, options with { HiddenAverageFrom = 2 });
        Assert.Equal(2, averaged.Metadata.Training["hiddenAverageFrom"]);
        Assert.NotEqual(ModelTrainer.Train(examples, options).Version[^8..], averaged.Version[^8..]);
        TestCorpus.AssertFileAnswersAsTrained(averaged);

        TestCorpus.AssertTrainingRefuses(options with { HiddenAverageFrom = 5 });
        TestCorpus.AssertTrainingRefuses(options with { HiddenAverageFrom = -1 });
    }
}
