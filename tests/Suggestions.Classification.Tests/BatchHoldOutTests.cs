using Suggestions.Classification.Training;

namespace Suggestions.Classification.Tests;

public sealed class BatchHoldOutTests
{
    private static List<LabeledProposal> CorpusWithBatches() =>
        [.. TestCorpus.Build().Select((p, i) => p with { Batch = (i % 3) switch { 0 => "writer-a", 1 => "writer-b", _ => "base" } })];

    [Fact]
    public void Run_EachMatchingBatch_IsClassifiedByAModelTrainedWithoutIt()
    {
        var corpus = CorpusWithBatches();

        var results = BatchHoldOut.Run(corpus, "writer-", DistrictDetector.ForZhuzhou(), TestCorpus.FastOptions);

        Assert.Equal(["writer-a", "writer-b"], results.Select(r => r.Batch));
        foreach (var result in results)
        {
            var held = corpus.Where(p => p.Batch == result.Batch).ToList();
            Assert.Equal(held.Select(p => p.Id), result.Answers.Select(a => a.Gold.Id));
            Assert.Equal(corpus.Count - held.Count, result.TrainingExamples);
            Assert.All(result.Answers, a => Assert.Contains(a.Predicted.Category, CategoryCodes.All));
            Assert.Equal(held.Count, result.Report.Count);
        }

        // The two held-out models learned from different texts, so they are different models.
        Assert.NotEqual(results[0].ModelVersion, results[1].ModelVersion);
    }

    [Fact]
    public void Run_WithRecalibrationTexts_AlsoAnswersWithTheRecalibratedModel_SameCategoriesOtherConfidences()
    {
        var corpus = CorpusWithBatches();

        // Reviewed texts that disagree with the labels in one case of three: a recalibration on them makes
        // the held-out models less sure of themselves.
        var codes = CategoryCodes.All;
        var reviewed = TestCorpus.Build().Select((p, i) => i % 3 == 0 ? p with { Category = codes[(codes.ToList().IndexOf(p.Category) + 1) % codes.Count] } : p).ToList();
        var results = BatchHoldOut.Run(corpus, "writer-", DistrictDetector.ForZhuzhou(), TestCorpus.FastOptions, recalibrateOn: reviewed);

        foreach (var result in results)
        {
            var recalibrated = Assert.IsAssignableFrom<IReadOnlyList<(LabeledProposal Gold, ClassificationResult Predicted)>>(result.RecalibratedAnswers);
            Assert.Equal(result.Answers.Select(a => (a.Gold.Id, a.Predicted.Category)), recalibrated.Select(a => (a.Gold.Id, a.Predicted.Category)));
            Assert.True(
                recalibrated.Average(a => a.Predicted.Confidence) < result.Answers.Average(a => a.Predicted.Confidence),
                "the recalibrated models are less confident");
        }

        // Without recalibration texts there is nothing to show.
        Assert.All(BatchHoldOut.Run(corpus, "writer-a", DistrictDetector.ForZhuzhou(), TestCorpus.FastOptions), r => Assert.Null(r.RecalibratedAnswers));
    }

    [Fact]
    public void Run_NoBatchWithThePrefix_SaysSo()
    {
        var error = Assert.Throws<ArgumentException>(() =>
            BatchHoldOut.Run(CorpusWithBatches(), "nobody-", DistrictDetector.ForZhuzhou(), TestCorpus.FastOptions));

        Assert.Contains("nobody-", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorpusReader_ReadsTheBatch_AndLeavesItNullWhenAbsent()
    {
        Assert.True(CorpusReader.TryParse("""{"id":"a","title":"","text":"修路","category":"transport","batch":"2026-11-s4-h1"}""", out var withBatch, out _));
        Assert.True(CorpusReader.TryParse("""{"id":"b","title":"","text":"修路","category":"transport"}""", out var without, out _));

        Assert.Equal("2026-11-s4-h1", withBatch.Batch);
        Assert.Null(without.Batch);
    }
}
