extern alias cli;

using Azure.Data.Tables;
using Suggestions.Classification;
using Suggestions.Classification.Training;
using Suggestions.Storage;
using Suggestions.Tests.Infrastructure;
using Verbs = cli::Suggestions.Cli.Verbs;

namespace Suggestions.Tests.Integration;

/// <summary>
/// The recalibration loop against the real table: what the app's store writes for reviewers' decisions,
/// `calibrate --reviewed` reads back and turns into a new model version.
/// </summary>
public sealed class ReviewedCalibrationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task CalibrateReviewed_ReadsTheCampaignsDecisions_AndWritesARecalibratedModel()
    {
        var cancellationToken = TestContext.Current.CancellationToken;
        var tables = new TableServiceClient(azurite.ConnectionString);
        await tables.GetTableClient(StorageNames.ReviewedCategoriesTable).CreateIfNotExistsAsync(cancellationToken);
        var store = new TableReviewedCategoryStore(tables);
        var campaign = "cal-" + Guid.NewGuid().ToString("N")[..8];
        var other = "cal-" + Guid.NewGuid().ToString("N")[..8];
        var model = NgramClassifier.LoadDefault(DistrictDetector.ForZhuzhou());

        // Five written proposals per area, as if reviewers had accepted or moved each; a rejection, and
        // another campaign's decision, which must not be read.
        var corpus = CorpusReader.Read(Path.Combine(ReviewAndAuthTests.RepositoryRoot(), "data", "corpus", "train")).Items;
        var texts = corpus.GroupBy(p => p.Category).SelectMany(g => g.Take(5)).ToList();
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < texts.Count; i++)
        {
            var p = texts[i];
            var answer = model.Classify(new ProposalText(p.Title, p.Text)).Category;
            var action = answer == p.Category ? "accept" : "recategorise";
            await store.SaveAsync(new ReviewedCategory(campaign, $"N{i:D4}", p.Title, p.Text, p.Category, action, answer, model.ModelVersion, now), cancellationToken);
        }

        await store.SaveAsync(new ReviewedCategory(campaign, "R0001", "", "我家邻居装修漏水，请政府让他赔钱。", "other", "reject", "housing", model.ModelVersion, now), cancellationToken);
        await store.SaveAsync(new ReviewedCategory(other, "N0001", "", "公交车太少了", "transport", "accept", "transport", model.ModelVersion, now), cancellationToken);

        var output = Path.Combine(Path.GetTempPath(), Guid.NewGuid().ToString("N")) + Path.DirectorySeparatorChar;
        try
        {
            using var error = new StringWriter();
            var code = await Verbs.RunAsync(
                ["calibrate", "--reviewed", "--storage", azurite.ConnectionString, "--campaign", campaign, "--out", output, "--folds", "5"],
                error);

            Assert.True(code == 0, error.ToString());
            var written = Assert.Single(Directory.GetFiles(output, "*.ngm"));
            var recalibrated = NgramClassifier.LoadFile(written, DistrictDetector.ForZhuzhou());
            Assert.Equal(model.ModelVersion, recalibrated.Metadata.RecalibratedFrom);
            Assert.Equal(Path.GetFileNameWithoutExtension(written), recalibrated.ModelVersion);

            // Same weights: the same category for every text; only the confidences were refitted.
            Assert.All(texts, p => Assert.Equal(
                model.Classify(new ProposalText(p.Title, p.Text)).Category,
                recalibrated.Classify(new ProposalText(p.Title, p.Text)).Category));
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }

        // What the command read: this campaign's accepted and recategorised texts only.
        var labels = await ReviewedCategories.ReadLabelsAsync(TableReviewedCategorySource.FromConnectionString(azurite.ConnectionString, campaign), model.Metadata.Categories, cancellationToken: cancellationToken);
        Assert.Equal(texts.Count, labels.Labels.Count);
        Assert.Equal(1, labels.SkippedAction);
    }

    [Fact]
    public async Task CalibrateReviewed_TooFewDecisions_IsRefusedWithACount()
    {
        var campaign = "cal-" + Guid.NewGuid().ToString("N")[..8];
        var store = new TableReviewedCategoryStore(new TableServiceClient(azurite.ConnectionString));
        await new TableClient(azurite.ConnectionString, StorageNames.ReviewedCategoriesTable).CreateIfNotExistsAsync(TestContext.Current.CancellationToken);
        await store.SaveAsync(new ReviewedCategory(campaign, "N1", "", "公交车太少了", "transport", "accept", "transport", "m", DateTimeOffset.UtcNow), TestContext.Current.CancellationToken);

        using var error = new StringWriter();
        var code = await Verbs.RunAsync(["calibrate", "--reviewed", "--storage", azurite.ConnectionString, "--campaign", campaign, "--out", Path.GetTempPath()], error);

        Assert.Equal(2, code);
        Assert.Contains("at least 50 reviewed texts; got 1", error.ToString(), StringComparison.Ordinal);
    }
}
