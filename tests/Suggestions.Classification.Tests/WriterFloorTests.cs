using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

/// <summary>
/// N-grams weighed by how their category carries across writers (<see cref="TrainingOptions.WriterFloor"/>, twenty-ninth
/// session, WI): an n-gram whose link to a category is one writer's habit keeps less of its idf.
/// </summary>
public sealed class WriterFloorTests
{
    // Eight texts of two classes by two writers: A wrote texts 0–3, B texts 4–7; each wrote two of each class.
    private static readonly int[] Labels = [0, 0, 1, 1, 0, 0, 1, 1];
    private static readonly string?[] Writers = ["A", "A", "A", "A", "B", "B", "B", "B"];

    // 11: class 0 in both writers' texts. 12: class 0, writer A alone. 13: one class-0 and one class-1 text of each writer
    // (tells nothing). 14: class 0 for A, class 1 for B (contradicts itself across writers). 15: in no text.
    private static readonly HashSet<ulong>[] Texts =
    [
        [11, 12, 13, 14], [11, 12, 14], [13], [],
        [11, 13], [11], [13, 14], [],
    ];

    private static readonly ulong[] Vocabulary = [11, 12, 13, 14, 15];

    [Fact]
    public void WriterCarriedShare_IsTheGainLearntFromOtherWritersOverTheGainInSample()
    {
        var share = ModelTrainer.WriterCarriedShare(Vocabulary, Texts, Labels, Writers, 2);

        // 11: four class-0 texts; smoothed p(0|11) = (4 + 2·½) / (4 + 2) = 5/6, in-sample gain ln(5/6 ÷ ½) = ln(5/3). Each writer's
        // two texts, learnt from the other writer's two: p = (2 + 1) / (2 + 2) = 3/4, gain ln(3/2).
        Assert.Equal(Math.Log(1.5) / Math.Log(5.0 / 3), share[0], 12);

        // 12: only A used it; learnt from B alone it is the mix of all texts, which tells nothing: none of it carries.
        Assert.Equal(0, share[1]);

        // 13: two texts of each class, in-sample gain ln(1) = 0 under the minimum: nothing to weaken.
        Assert.Equal(1, share[2]);

        // 14: (2, 1) in sample, gain (2 ln(3/5 ÷ ½) + ln(2/5 ÷ ½)) / 3 > 0.02; learnt from the other writer it predicts the wrong
        // class for every text (a negative gain), clamped to 0.
        Assert.True(((2 * Math.Log(1.2)) + Math.Log(0.8)) / 3 > 0.02);
        Assert.Equal(0, share[3]);

        // 15: in no text.
        Assert.Equal(1, share[4]);
    }

    [Fact]
    public void WriterCarriedShare_TextsOfNoWriterCountAsOneWriter()
    {
        var share = ModelTrainer.WriterCarriedShare(Vocabulary, Texts, Labels, new string?[Texts.Length], 2);

        // One writer: no association can be checked against another, so every informative n-gram carries nothing.
        Assert.Equal([0, 0, 1, 0, 1], share);
    }

    [Fact]
    public void Train_WriterFloor_WeakensOnlyTheNgramsThatDoNotCarry_RecordsIt_AndTheFileAnswersAsTrained()
    {
        // Three writers in turn through the synthetic corpus.
        var examples = TestCorpus.Build().Select((p, i) => TrainingExample.FromCorpus(p) with { Writer = "w" + (i % 3) }).ToList();
        var plain = ModelTrainer.Train(examples, TestCorpus.FastOptions);
        var weighed = ModelTrainer.Train(examples, TestCorpus.FastOptions with { WriterFloor = 0.5 });

        Assert.Equal(plain.Model.Vocabulary, weighed.Model.Vocabulary);
        var ratios = plain.Model.Idf.Zip(weighed.Model.Idf, (a, b) => (double)b / a).ToArray();
        Assert.All(ratios, r => Assert.InRange(r, 0.5 - 1e-6, 1 + 1e-6));
        Assert.Contains(ratios, r => Math.Abs(r - 0.5) < 1e-6);
        Assert.Contains(ratios, r => Math.Abs(r - 1) < 1e-6);
        Assert.Contains(ratios, r => r is > 0.5 + 1e-3 and < 1 - 1e-3);
        Assert.NotEqual(plain.Metadata.Version, weighed.Metadata.Version);
        Assert.Equal(0.5, weighed.Metadata.Training["writerFloor"]);
        Assert.False(plain.Metadata.Training.ContainsKey("writerFloor"));
        TestCorpus.AssertFileAnswersAsTrained(weighed);
    }

    [Fact]
    public void Train_WriterFloorOne_IsTheModelTrainedWithoutTheOption()
    {
        var examples = TestCorpus.Build(6).Select((p, i) => TrainingExample.FromCorpus(p) with { Writer = "w" + (i % 2) }).ToList();

        Assert.Equal(
            ModelTrainer.Train(examples, TestCorpus.FastOptions).Metadata.Version,
            ModelTrainer.Train(examples, TestCorpus.FastOptions with { WriterFloor = 1 }).Metadata.Version);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.5)]
    [InlineData(double.NaN)]
    public void Train_RefusesAFloorOutsideZeroToOne(double floor)
    {
        var error = TestCorpus.AssertTrainingRefuses(TestCorpus.FastOptions with { WriterFloor = floor });
        Assert.Contains("writer floor", error.Message);
    }
}
